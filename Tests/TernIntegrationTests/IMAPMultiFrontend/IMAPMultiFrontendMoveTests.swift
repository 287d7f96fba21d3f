import Foundation
import TernTestSupport
import Testing

/// MOVE exactly once over real sockets (issue 15): two `tern dev` processes (writer slots 1 and 2) on one
/// moto S3 prefix, one session on each, both MOVE the same message into the same mailbox at the same moment,
/// round after round (scripts/move_race.py). The target must hold every message once, on both frontends.
@Suite struct IMAPMultiFrontendMoveTests {
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func concurrentMovesOfOneMessageLeaveOneCopy() async throws {
        let storage = try await IMAPMultiFrontendTests.freshMotoStorage(prefix: "move-race")
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let secret = shared + "/deployment-secret"
        try (String(repeating: "6f", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let a = try await TernDevServer.start(.init(storage: storage, writerSlot: 1, secretFile: secret))
        let b = try await TernDevServer.start(.init(storage: storage, writerSlot: 2, secretFile: secret))
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPMultiFrontend", "move_race.py"), "--a-port", String(a.imap.port),
                "--b-port", String(b.imap.port), "--user", TernDevServer.alice.login, "--password",
                TernDevServer.alice.password,
            ], timeout: .seconds(600))
        print(result.output.split(separator: "\n").filter { $0.hasPrefix("raced=") || $0.hasPrefix("seed=") }
            .joined(separator: "\n"))
        #expect(
            result.succeeded,
            "\(result)\n--- A ---\n\(a.logs().suffix(3000))\n--- B ---\n\(b.logs().suffix(3000))")
        await a.stop()
        await b.stop()
    }
}
