import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// A child process, shareable across tasks: Foundation's `Process` behind a lock.
final class ProcessBox: Sendable {
    private let process: NIOLockedValueBox<Process>
    let pid: Int32

    private init(_ process: Process) {
        self.process = NIOLockedValueBox(process)
        pid = process.processIdentifier
    }

    /// Starts `binary` with stdout and stderr appended to `log`.
    static func launch(binary: String, arguments: [String], environment: [String: String], log: String) throws
        -> ProcessBox
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return ProcessBox(process)
    }

    var isRunning: Bool { process.withLockedValue { $0.isRunning } }

    func signal(_ signal: Int32) {
        guard isRunning else { return }
        _ = Glibc.kill(pid, signal)
    }

    /// Polls for the exit without blocking a thread; true if the process is gone within `timeout`.
    @discardableResult
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !isRunning { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isRunning
    }
}
