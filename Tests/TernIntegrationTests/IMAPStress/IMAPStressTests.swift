import Foundation
import TernTestSupport
import Testing

/// Issue 17 point 0 over real sockets: ten imaplib sessions of one user on one mailbox run random
/// APPEND, UID STORE, EXPUNGE, UID EXPUNGE, UID COPY, UID MOVE, UID FETCH and SEARCH for 15 s
/// (scripts/imap_stress.py); no answer may be NO or BAD. Before the segment lifecycle fix
/// (TernMail Mailbox+Retire.swift), FETCHes of messages another session had just expunged or
/// packed were answered `NO [UNAVAILABLE]`. The duration bounds the work; nothing is timed.
@Suite struct IMAPStressTests {
    static let script = IMAPTestEnvironment.scriptPath("IMAPStress", "imap_stress.py")

    private func run(ports: [Int], seed: Int) async throws {
        var arguments = [Self.script, "--host", "127.0.0.1"]
        for port in ports { arguments += ["--port", String(port)] }
        arguments += [
            "--user", "user1", "--password", TernDevServer.bulkPassword, "--sessions", "10", "--seconds", "15",
            "--seed", String(seed),
        ]
        let result = try await ExternalCommand.run("python3", arguments, timeout: .seconds(300))
        print(result.output.split(separator: "\n").last.map(String.init) ?? "")
        #expect(result.succeeded, "\(result)")
    }

    /// One `tern dev` on its embedded file store.
    @Test func tenSessionsOnTheFileStore() async throws {
        let server = try await TernDevServer.start(.init(users: 1))
        try await run(ports: [server.imap.port], seed: 1)
        await server.stop()
    }

    /// Two `tern dev` processes (writer slots 1 and 2) on one moto S3 prefix, five sessions each.
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func tenSessionsOnTwoFrontendsOfOneS3() async throws {
        let url = try await IMAPMultiFrontendTests.freshMotoStorage(prefix: "stress")
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let secret = shared + "/deployment-secret"
        try (String(repeating: "5e", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let a = try await TernDevServer.start(.init(storage: url, writerSlot: 1, users: 1, secretFile: secret))
        let b = try await TernDevServer.start(.init(storage: url, writerSlot: 2, users: 1, secretFile: secret))
        try await run(ports: [a.imap.port, b.imap.port], seed: 2)
        await a.stop()
        await b.stop()
    }
}
