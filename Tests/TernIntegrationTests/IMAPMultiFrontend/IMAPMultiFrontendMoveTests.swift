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
        try await IMAPMultiFrontendTests.runScript(
            "move_race.py", summary: "raced=", storageA: storage, storageB: storage)
    }
}
