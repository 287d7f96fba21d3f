import Foundation
import TernTestSupport
import Testing

/// MOVE exactly once over real sockets (issue 15): two `tern dev` processes (writer slots 1 and 2) on one
/// file store, one session on each, both MOVE the same message into the same mailbox at the same moment,
/// round after round (scripts/move_race.py). The target must hold every message once, on both frontends.
/// The race is in the log, not the backend: a shared file store keeps the single moto server free for the
/// S3 suites that run beside it (forty rounds of two pollers slowed them past their deadlines).
@Suite struct IMAPMultiFrontendMoveTests {
    @Test func concurrentMovesOfOneMessageLeaveOneCopy() async throws {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storage = "file://" + directory + "/store"
        try await IMAPMultiFrontendTests.runScript(
            "move_race.py", summary: "raced=", storageA: storage, storageB: storage)
    }
}
