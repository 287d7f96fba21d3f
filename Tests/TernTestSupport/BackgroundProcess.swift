import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A helper process that runs beside a test (a proxy, a fake server): output to a log file, ready
/// when a line with a given prefix appears, stopped with SIGTERM/SIGKILL.
public final class BackgroundProcess: Sendable {
    private let process: ProcessBox
    public let logPath: String
    /// The first line that started with the ready prefix.
    public let readyLine: String

    public static func start(
        _ executable: String, _ arguments: [String], readyPrefix: String, timeout: Duration = .seconds(60)
    ) async throws -> BackgroundProcess {
        let directory = try TernDevServer.makeTemporaryDirectory()
        let log = directory + "/output"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let path = executable.hasPrefix("/") ? executable : try ExternalCommand.which(executable)
        let box = try ProcessBox.launch(
            binary: path, arguments: arguments, environment: ProcessInfo.processInfo.environment, log: log)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix(readyPrefix) })
            {
                return BackgroundProcess(process: box, logPath: log, readyLine: String(line))
            }
            if !box.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        box.signal(SIGKILL)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw TernDevServer.LaunchError(description: "\(executable) did not print '\(readyPrefix)':\n\(output)")
    }

    private init(process: ProcessBox, logPath: String, readyLine: String) {
        self.process = process
        self.logPath = logPath
        self.readyLine = readyLine
    }

    public func logs() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL if it is still there a moment later (synchronous, so `defer` can call it).
    public func stop() {
        process.signal(SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning {
            process.signal(SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: logPath).deletingLastPathComponent().path)
    }
}
