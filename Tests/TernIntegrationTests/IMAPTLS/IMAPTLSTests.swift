import Foundation
import TernTestSupport
import Testing

/// STARTTLS and implicit TLS on `tern dev` with Python's ssl, once per TLS engine (`--tls-engine`): the
/// certificate is pinned by the SHA-256 fingerprint tern dev printed; plaintext injected after STARTTLS is
/// discarded; alice sees the six default mailboxes (the "done when").
@Suite struct IMAPTLSTests {
    /// Every `[tls] engine`, as `tern dev --tls-engine` takes it.
    static let engines = ["nio-ssl", "openssl"]

    static func start(engine: String) async throws -> TernDevServer {
        try await TernDevServer.start(.init(extraArguments: ["--tls-engine", engine]))
    }

    @Test(arguments: engines) func startTLSAndImplicitTLSWithPinnedCertificate(engine: String) async throws {
        let server = try await Self.start(engine: engine)
        let script = IMAPTestEnvironment.scriptPath("IMAPTLS", "imap_tls.py")
        let result = try await ExternalCommand.run(
            "python3",
            [
                script, "--host", server.imap.host, "--imap-port", String(server.imap.port), "--imaps-port",
                String(server.imaps.port), "--fingerprint", server.certificateFingerprint, "--user",
                TernDevServer.alice.login, "--password", TernDevServer.alice.password,
            ], timeout: .seconds(120))
        #expect(result.succeeded, "\(result)\n--- server ---\n\(server.logs())")
        await server.stop()
    }

    /// The fingerprint printed is the one of the certificate file in the data directory, and a restart
    /// on the same data directory keeps the certificate (clients that trusted it keep trusting it).
    @Test func certificatePersistsAcrossRestart() async throws {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await TernDevServer.start(.init(dataDirectory: directory))
        let fingerprint = first.certificateFingerprint
        await first.stop()
        let second = try await TernDevServer.start(.init(dataDirectory: directory))
        #expect(second.certificateFingerprint == fingerprint)
        #expect(FileManager.default.fileExists(atPath: second.certificatePath))
        await second.stop()
    }

    /// SIGHUP to the process swaps the certificate for new connections (implicit TLS and STARTTLS) while open
    /// sessions keep theirs and go on; a broken file afterwards is refused in the log and changes nothing
    /// (scripts/tls_reload.py, with Python's ssl and a pair made by openssl).
    @Test(arguments: engines) func sighupReloadsTheCertificateWithoutDroppingSessions(engine: String) async throws {
        let server = try await Self.start(engine: engine)
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPTLS", "tls_reload.py"), "--host", server.imap.host, "--pid",
                String(server.pid), "--imap-port", String(server.imap.port), "--imaps-port", String(server.imaps.port),
                "--cert", server.certificatePath, "--key", server.dataDirectory + "/tls-key.pem", "--log",
                server.logPath, "--user", TernDevServer.alice.login, "--password", TernDevServer.alice.password,
            ], timeout: .seconds(300))
        #expect(result.succeeded, "\(result)\n--- server ---\n\(server.logs().suffix(4000))")
        #expect(server.isRunning)
        #expect(server.logs().contains("TLS certificate loaded"))
        await server.stop()
    }
    /// Transport edges with Python's ssl and `openssl s_client` (scripts/tls_edges.py): stalled handshakes closed
    /// (implicit TLS and after STARTTLS), byte-at-a-time client writes, a 4 MiB APPEND and FETCH, close_notify both
    /// ways, renegotiation refused.
    @Test(arguments: engines) func transportEdges(engine: String) async throws {
        let server = try await Self.start(engine: engine)
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPTLS", "tls_edges.py"), "--host", server.imap.host, "--imap-port",
                String(server.imap.port), "--imaps-port", String(server.imaps.port), "--user",
                TernDevServer.alice.login, "--password", TernDevServer.alice.password,
            ], timeout: .seconds(600))
        #expect(result.succeeded, "\(result)\n--- server ---\n\(server.logs().suffix(4000))")
        #expect(server.isRunning)
        await server.stop()
    }
}

/// SIGTERM ends open sessions with a BYE (RFC 3501 7.1.5) and the process exits. A compressed session gets
/// its BYE compressed too (before: plain bytes its inflater could not decode).
@Suite struct IMAPShutdownTests {
    @Test(arguments: [false, true]) func gracefulShutdownSaysByeToAnIdleClient(compressed: Bool) async throws {
        let server = try await TernDevServer.start()
        let client = try await BackgroundProcess.start(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPTLS", "idle_until_closed.py"), server.imap.host,
                String(server.imap.port), TernDevServer.alice.login, TernDevServer.alice.password,
            ] + (compressed ? ["compress"] : []), readyPrefix: "idling")
        defer { client.stop() }
        await server.stop()
        #expect(!server.isRunning)
        // The client prints what it got once the server closed; give it a moment to read.
        var output = client.logs()
        for _ in 0..<100 where !output.contains("closed") {
            try await Task.sleep(for: .milliseconds(50))
            output = client.logs()
        }
        #expect(output.contains("got * BYE"), "\(output)\n--- server ---\n\(server.logs().suffix(2000))")
        #expect(output.contains("closed"))
        #expect(!output.contains("corrupt"), "\(output)")
    }
}
