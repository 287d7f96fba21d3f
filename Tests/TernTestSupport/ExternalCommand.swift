import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (python3, mbsync, ...) to completion with a time limit and returns what it
/// printed; integration tests put the output in their failure message.
public struct ExternalCommand: Sendable {
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var output: String
        public var timedOut: Bool
        public var succeeded: Bool { status == 0 && !timedOut }
        public var description: String {
            "exit \(status)\(timedOut ? " (timed out)" : "")\n\(output)"
        }
    }

    /// Runs `executable` (looked up in PATH when not absolute), output (stdout + stderr) to a temporary file.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil, timeout: Duration = .seconds(300)
    ) async throws -> Result {
        let directory = try TernDevServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/output"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let path = executable.hasPrefix("/") ? executable : try which(executable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while process.isRunning {
            // Foundation learns of the exit late on a starved machine (a 0.1 s program was seen "running" for
            // 60 s): the kernel already says so.
            if let status = exitStatusOfUnreaped(process.processIdentifier) {
                try? output.close()
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                return Result(status: status, output: text, timedOut: false)
            }
            if ContinuousClock.now > deadline {
                timedOut = true
                process.terminate()
                try await Task.sleep(for: .milliseconds(500))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: text, timedOut: timedOut)
    }

    /// The exit status (as `Process.terminationStatus` gives it: the exit code, or the signal) of a child that has
    /// exited but is not reaped yet, from /proc/PID/stat (state `Z`, field 52: the status in waitpid's format);
    /// nil while it runs.
    public static func exitStatusOfUnreaped(_ pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name: field 3 (state) is first, so field 52 is at index 49.
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 49, fields[0] == "Z", let raw = Int32(fields[49].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }

    /// The first executable named `name` in PATH.
    public static func which(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TernDevServer.LaunchError(description: "\(name) is not installed (not in PATH)")
    }
}
