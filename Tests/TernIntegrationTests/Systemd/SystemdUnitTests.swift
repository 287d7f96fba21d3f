import Foundation
import TernTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The shipped unit file (dist/systemd/tern.service) and the notify protocol it relies on, against a real
/// `tern` process and systemd's own checker.
@Suite(.timeLimit(.minutes(3))) struct SystemdUnitTests {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var canVerify: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") }

    /// `systemd-analyze verify` accepts the unit as shipped, with ExecStart pointed at the built binary
    /// (verify checks that the program exists). It prints every unknown or misspelt setting: none allowed.
    @Test(.enabled(if: canVerify)) func unitFilePassesSystemdVerify() async throws {
        let unit = try String(contentsOfFile: Self.repositoryRoot + "/dist/systemd/tern.service", encoding: .utf8)
        #expect(unit.contains("Type=notify"))
        #expect(unit.contains("WatchdogSec="))
        // `systemctl reload` is SIGHUP to the main process: the user file and the TLS certificate are re-read.
        #expect(unit.contains("ExecReload=/bin/kill -HUP $MAINPID"))
        let installed = "ExecStart=/usr/local/bin/tern serve"
        #expect(unit.contains(installed))
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/tern.service"
        let built = unit.replacingOccurrences(of: installed, with: "ExecStart=\(try TernDevServer.binaryPath()) serve")
        try built.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await ExternalCommand.run("/usr/bin/systemd-analyze", ["verify", path], timeout: .seconds(60))
        #expect(result.succeeded, "\(result)")
        #expect(!result.output.contains("tern.service"), "systemd-analyze complained: \(result.output)")
    }

    /// Started as systemd starts a notify service, `tern` says READY=1 once it serves, pings the watchdog at
    /// half of WATCHDOG_USEC, and says STOPPING=1 on SIGTERM.
    @Test func tellsSystemdReadyWatchdogAndStopping() async throws {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = try NotifySocket(path: directory + "/notify")
        defer { socket.close() }
        var options = TernDevServer.Options()
        options.environment = ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"]
        let server = try await TernDevServer.start(options)
        var messages: [String] = []
        // READY, then watchdog pings every 0.2 s; a generous wait for two of them on a loaded machine.
        while messages.filter({ $0 == "WATCHDOG=1" }).count < 2, let message = await socket.receive(within: 30) {
            messages.append(message)
        }
        await server.stop()
        while let message = await socket.receive(within: 5) { messages.append(message) }
        #expect(messages.first == "READY=1", "\(messages)")
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 2, "\(messages)")
        #expect(messages.last == "STOPPING=1", "\(messages)")
    }
}

/// A Unix datagram socket standing in for systemd's notify socket.
private final class NotifySocket: @unchecked Sendable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    }

    /// The next datagram, or nil after `seconds` without one. Polls in short steps so no thread blocks long.
    func receive(within seconds: Int) async -> String? {
        for _ in 0..<(seconds * 20) {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    func close() {
        _ = Glibc.close(descriptor)
        unlink(path)
    }
}
