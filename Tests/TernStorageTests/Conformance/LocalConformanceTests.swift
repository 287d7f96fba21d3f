import TernStorage
import Testing

/// The conformance suite on the in-process backends, with and without conditional create.
@Suite("Conformance: local backends")
struct LocalConformanceTests {
    @Test("memory:", arguments: ConformanceCheck.all)
    func memory(_ check: ConformanceCheck) async throws {
        try await check.run(on: { .memory() })
    }

    @Test("memory: without conditional create", arguments: ConformanceCheck.all)
    func memoryUnconditional(_ check: ConformanceCheck) async throws {
        try await check.run(on: { .memory(conditionalCreate: false) })
    }

    @Test("memory: with 1,000-byte chunks", arguments: BlobRangeChecks.all)
    func memoryTinyChunks(_ check: ConformanceCheck) async throws {
        try await check.run(on: { .memory(chunkSize: 1000) })
    }

    @Test("file://", arguments: ConformanceCheck.all)
    func file(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .file() })
    }

    @Test("file:// without conditional create", arguments: ConformanceCheck.all)
    func fileUnconditional(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .file(conditionalCreate: false) })
    }
}
