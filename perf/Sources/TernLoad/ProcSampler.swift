import Glibc
import TernLoadCore

/// Samples the server's process tree from /proc: RSS and cumulative CPU summed over the root pid and
/// all its descendants (Dovecot forks a process per user; they all count).
struct ProcSampler {
    let root: Int32
    let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
    let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    struct Reading {
        var rssBytes: UInt64
        var pssBytes: UInt64?
        var cpuSeconds: Double
        var processes: Int
    }

    /// nil when the root process no longer exists.
    /// `withPSS` also reads smaps_rollup of every member (costlier: the kernel walks each page table).
    func read(withPSS: Bool = false) -> Reading? {
        guard let directory = opendir("/proc") else { return nil }
        defer { closedir(directory) }
        var stats: [ProcStat] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let first = name.utf8.first, first >= 48, first <= 57 else { continue }
            if let text = Self.readFile("/proc/\(name)/stat"), let stat = ProcStat.parse(text) { stats.append(stat) }
        }
        let members = ProcessTree.members(root: root, processes: stats)
        guard !members.isEmpty else { return nil }
        var pss: UInt64? = nil
        if withPSS {
            pss = members.reduce(UInt64(0)) { total, member in
                total + (Self.readFile("/proc/\(member.pid)/smaps_rollup").flatMap(SmapsRollup.pssBytes) ?? 0)
            }
        }
        return Reading(rssBytes: members.reduce(0) { $0 + $1.residentPages } * pageSize, pssBytes: pss,
                       cpuSeconds: Double(members.reduce(0) { $0 + $1.cpuTicks }) / ticksPerSecond,
                       processes: members.count)
    }

    /// ESTABLISHED TCP connections of the tree (root and descendants) to `remotePort`: the socket
    /// inodes behind every member's /proc/PID/fd, matched in the root's tcp and tcp6 tables.
    func establishedConnections(toRemotePort remotePort: UInt16) -> Int? {
        var stats: [ProcStat] = []
        guard let directory = opendir("/proc") else { return nil }
        while let entry = readdir(directory) {
            let name = Self.name(of: entry)
            guard let first = name.utf8.first, first >= 48, first <= 57 else { continue }
            if let text = Self.readFile("/proc/\(name)/stat"), let stat = ProcStat.parse(text) { stats.append(stat) }
        }
        closedir(directory)
        let members = ProcessTree.members(root: root, processes: stats)
        guard !members.isEmpty else { return nil }
        var inodes: Set<UInt64> = []
        for member in members {
            guard let fds = opendir("/proc/\(member.pid)/fd") else { continue }
            while let entry = readdir(fds) {
                let name = Self.name(of: entry)
                guard name.utf8.first.map({ $0 >= 48 && $0 <= 57 }) == true else { continue }
                var link = [CChar](repeating: 0, count: 64)
                let count = readlink("/proc/\(member.pid)/fd/\(name)", &link, link.count - 1)
                guard count > 0 else { continue }
                let target = String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if let inode = TCPSocketTable.socketInode(link: target) { inodes.insert(inode) }
            }
            closedir(fds)
        }
        var entries: [TCPSocketTable.Entry] = []
        for table in ["tcp", "tcp6"] {
            if let text = Self.readWholeFile("/proc/\(root)/net/\(table)", limit: Self.socketTableLimit) {
                entries += TCPSocketTable.parse(text)
            }
        }
        return TCPSocketTable.establishedCount(toRemotePort: remotePort, entries: entries, inodes: inodes)
    }

    /// Bound on one socket table read (~150 bytes a socket: room for ~400,000 sockets).
    static let socketTableLimit = 64 << 20

    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// A /proc file of any size up to `limit` bytes (nil if unreadable or larger).
    static func readWholeFile(_ path: String, limit: Int) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// This process's own RSS (to show the load tool was not the bottleneck).
    func ownRSS() -> UInt64 {
        guard let text = Self.readFile("/proc/self/stat"), let stat = ProcStat.parse(text) else { return 0 }
        return stat.residentPages * pageSize
    }

    /// Small /proc files only (bounded to 4 KiB).
    static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}

/// Raises RLIMIT_NOFILE to the hard limit; returns the soft limit in effect afterwards.
enum FileLimit {
    static func raiseToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
