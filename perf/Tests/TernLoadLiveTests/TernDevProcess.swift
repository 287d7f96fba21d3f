import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `tern dev` process for perf's live tests (the main package's TernTestSupport is not a product):
/// `$TERN_BINARY` or the main package's debug build, free loopback ports, a temporary data
/// directory, ready once it printed its `tern-ready` line; `stop()` ends it and removes the directory.
final class TernDevProcess: @unchecked Sendable {
    struct LaunchError: Error, CustomStringConvertible { var description: String }

    static let password = "password"
    let imapPort: Int
    let pid: Int32
    let directory: String
    private let process: Process

    /// - Parameter storage: nil for the file store in the data directory, or an `s3://` URL whose
    ///   `access_key` / `secret_key` parameters (as scripts/services/moto.sh prints them) become the
    ///   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment of the process.
    static func start(storage: String? = nil) async throws -> TernDevProcess {
        let binary = try binaryPath()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-load-live-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = directory + "/tern-dev.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        var arguments = ["dev", "--data", directory, "--users", "1", "--users-password", password,
                         "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0", "--lmtp", "127.0.0.1:0", "--auth", "127.0.0.1:0"]
        var environment = ProcessInfo.processInfo.environment
        if let storage {
            var kept: [String] = []
            let parts = storage.split(separator: "?", maxSplits: 1)
            for item in parts.count > 1 ? parts[1].split(separator: "&") : [] {
                if item.hasPrefix("access_key=") {
                    environment["AWS_ACCESS_KEY_ID"] = String(item.dropFirst("access_key=".count)).removingPercentEncoding
                } else if item.hasPrefix("secret_key=") {
                    environment["AWS_SECRET_ACCESS_KEY"] = String(item.dropFirst("secret_key=".count)).removingPercentEncoding
                } else {
                    kept.append(String(item))
                }
            }
            arguments += ["--storage", String(parts[0]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // A cold debug binary on a busy 2-core machine: be generous.
        for _ in 0..<2400 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tern-ready") }),
               let field = line.split(separator: " ").first(where: { $0.hasPrefix("imap=") }),
               let port = field.split(separator: ",").first?.split(separator: ":").last.flatMap({ Int($0) }) {
                return TernDevProcess(imapPort: port, pid: process.processIdentifier, directory: directory, process: process)
            }
            guard process.isRunning else { throw LaunchError(description: "tern dev exited before it was ready:\n\(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw LaunchError(description: "tern dev was not ready within 120 s")
    }

    private init(imapPort: Int, pid: Int32, directory: String, process: Process) {
        self.imapPort = imapPort
        self.pid = pid
        self.directory = directory
        self.process = process
    }

    func logs() -> String { (try? String(contentsOfFile: directory + "/tern-dev.log", encoding: .utf8)) ?? "" }

    /// SIGTERM, up to 10 s, then SIGKILL; removes the data directory.
    func stop() async {
        process.terminate()
        for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `$TERN_BINARY`, else the main package's debug `tern` (perf/ sits inside the main package).
    static func binaryPath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["TERN_BINARY"] { return path }
        let perf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = perf.deletingLastPathComponent().appendingPathComponent(".build/debug/tern").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LaunchError(description: "no tern binary at \(path): build the main package first (`swift build`) or set TERN_BINARY")
        }
        return path
    }
}

/// Runs a command to its end (or kills it after `timeout` seconds); returns its status and output.
enum Command {
    static func run(_ executable: String, _ arguments: [String], timeout: Double) async throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tern-load-live-\(UUID().uuidString.prefix(8)).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        var waited = 0.0
        while process.isRunning && waited < timeout {
            try await Task.sleep(for: .milliseconds(100))
            waited += 0.1
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
