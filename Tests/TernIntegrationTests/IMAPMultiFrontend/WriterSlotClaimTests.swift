import Foundation
import TernTestSupport
import Testing

/// Issue 15, "slots and secrets without foot-guns", with real `tern dev` processes on one store: processes on
/// `writer_slot = auto` claim distinct slots through storage, a slot a live process holds is refused to a
/// second one, and a process with another deployment secret refuses to start, saying what to do.
@Suite struct WriterSlotClaimTests {
    @Test func processesOnOneFileStoreClaimDistinctSlotsAndRefuseAHeldSlotOrAnotherSecret() async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        try await checkClaims(storage: "file://\(shared)/store", shared: shared)
    }

    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func processesOnOneS3PrefixClaimDistinctSlotsAndRefuseAHeldSlotOrAnotherSecret() async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        try await checkClaims(storage: try await IMAPMultiFrontendTests.freshMotoStorage(prefix: "slots"), shared: shared)
    }

    func checkClaims(storage: String, shared: String) async throws {
        let secret = shared + "/deployment-secret"
        try (String(repeating: "5e", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let a = try await TernDevServer.start(.init(storage: storage, secretFile: secret))
        let b = try await TernDevServer.start(.init(storage: storage, secretFile: secret))
        let slotA = try #require(a.writerSlot, "\(a.logs())")
        let slotB = try #require(b.writerSlot, "\(b.logs())")
        #expect(slotA != slotB, "both processes on auto claimed slot \(slotA)")

        let sameSlot = try await refusal(.init(storage: storage, writerSlot: slotA, secretFile: secret))
        #expect(sameSlot.contains("writer_slot \(slotA) is held by another live process"), "\(sameSlot)")
        #expect(sameSlot.contains("pid \(a.pid)"), "names the holder: \(sameSlot)")

        let otherSecret = shared + "/other-secret"
        try (String(repeating: "a7", count: 32) + "\n").write(toFile: otherSecret, atomically: true, encoding: .utf8)
        let mismatch = try await refusal(.init(storage: storage, secretFile: otherSecret))
        #expect(mismatch.contains("another deployment secret than the one in \(otherSecret)"), "\(mismatch)")
        #expect(mismatch.contains("Use the same deployment secret file content on every process"), "\(mismatch)")

        #expect(a.isRunning && b.isRunning)
        await a.stop()
        await b.stop()
    }

    /// The output of a `tern dev` that must refuse to start (recorded as a failure if it starts).
    func refusal(_ options: TernDevServer.Options) async throws -> String {
        do {
            let server = try await TernDevServer.start(options)
            await server.stop()
            Issue.record("tern dev started (slot \(server.writerSlot.map(String.init) ?? "-")) but should have refused")
            return ""
        } catch let error as TernDevServer.LaunchError {
            return error.description
        }
    }
}
