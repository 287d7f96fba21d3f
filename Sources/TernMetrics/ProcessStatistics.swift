#if canImport(Glibc)
import Glibc
#endif

/// What the kernel says about this process: resident memory and CPU time, from /proc/self.
/// The same numbers the perf tool samples from outside, so inside and outside views agree.
public struct ProcessStatistics: Hashable, Sendable {
    public var residentBytes: Int
    public var userCPUSeconds: Double
    public var systemCPUSeconds: Double
    public var threads: Int

    public static func read() -> ProcessStatistics? {
        guard let status = readFile("/proc/self/status"), let stat = readFile("/proc/self/stat") else { return nil }
        return parse(status: status, stat: stat, ticksPerSecond: Int(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Pure: `status` is /proc/PID/status, `stat` is /proc/PID/stat.
    public static func parse(status: String, stat: String, ticksPerSecond: Int) -> ProcessStatistics? {
        var residentKiB: Int?
        var threads: Int?
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { continue }
            if fields[0] == "VmRSS:" { residentKiB = Int(fields[1]) }
            if fields[0] == "Threads:" { threads = Int(fields[1]) }
        }
        // The command name (field 2) may contain spaces and parentheses: count from the last ")".
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard let residentKiB, let threads, rest.count > 12, let user = Int(rest[11]), let system = Int(rest[12]),
            ticksPerSecond > 0
        else { return nil }
        return ProcessStatistics(
            residentBytes: residentKiB * 1024,
            userCPUSeconds: Double(user) / Double(ticksPerSecond),
            systemCPUSeconds: Double(system) / Double(ticksPerSecond),
            threads: threads)
    }

    /// /proc files report a size of 0, so read until EOF in fixed steps (they are a few KiB).
    private static func readFile(_ path: String) -> String? {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
