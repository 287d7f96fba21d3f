import Foundation
import TernTestSupport
import Testing

/// `tern serve --config FILE`, the production form: a TOML file over the store, secret, users and
/// certificate a `tern dev` run left behind. LOGIN is refused before STARTTLS (LOGINDISABLED) and
/// works after it; `--check` names the key of a broken file.
@Suite struct IMAPServeTests {
    @Test func serveFromConfigurationRequiresTLSBeforeLogin() async throws {
        let (directory, config) = try await TernServeFixture.prepare(
            listen: "imap = \"127.0.0.1:0\"\nimaps = \"127.0.0.1:0\"", extra: "[limits]\nmax_message_bytes = 1048576")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try TernDevServer.binaryPath()
        let check = try await ExternalCommand.run(binary, ["serve", "--config", config, "--check"])
        #expect(check.succeeded, "\(check)")

        let serve = try await BackgroundProcess.start(binary, ["serve", "--config", config], readyPrefix: "tern-ready")
        defer { serve.stop() }
        let port = try #require(serve.readyPort("imap"), "\(serve.readyLine)")
        let script = """
            import imaplib, ssl, sys
            m = imaplib.IMAP4("127.0.0.1", \(port))
            assert "LOGINDISABLED" in m.capabilities and "STARTTLS" in m.capabilities, m.capabilities
            assert "APPENDLIMIT=1048576" in m.capabilities, m.capabilities
            try:
                m.login("alice", "hunter2"); sys.exit("LOGIN accepted without TLS")
            except imaplib.IMAP4.error as e:
                print("refused before TLS:", e)
            m.starttls(ssl_context=ssl.create_default_context(cafile="\(directory)/tls-cert.pem"))
            print(m.login("alice", "hunter2"))
            typ, data = m.select("INBOX"); assert typ == "OK", data
            print("ok")
            """
        let result = try await ExternalCommand.run("python3", ["-c", script], timeout: .seconds(60))
        #expect(result.succeeded && result.output.contains("ok"), "\(result)\n--- serve ---\n\(serve.logs())")
    }

    @Test func checkNamesTheBrokenKey() async throws {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/tern.toml"
        try """
            writer_slot = 70
            deployment_secret_file = "s"
            user_file = "u"
            [listen]
            imap = "127.0.0.1:0"
            [storage]
            url = "memory:"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await ExternalCommand.run(try TernDevServer.binaryPath(), ["serve", "--config", config, "--check"])
        #expect(!result.succeeded)
        #expect(result.output.contains("writer_slot: must be between 0 and 63, got 70"), "\(result)")
    }
}
