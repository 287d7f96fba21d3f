import Testing

@testable import TernStorage

/// The storage conformance suite (../../Conformance) on the real S3 servers the service scripts
/// start: moto and Ceph radosgw (which checks signatures), each once more with conditional create
/// off, as on an S3 service that ignores `If-None-Match`. moto with signature checks cannot run it:
/// moto's checker gets listings by prefix wrong (see S3ServerTests.servers).
@Suite("Conformance: S3")
struct S3ConformanceTests {
    @Test("s3 moto", .enabled(if: S3TestServer.moto.shouldRun), arguments: ConformanceCheck.all)
    func moto(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .s3(.moto) })
    }

    @Test("s3 moto without conditional create", .enabled(if: S3TestServer.moto.shouldRun), arguments: ConformanceCheck.all)
    func motoUnconditional(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .s3(.moto, conditional: .off) })
    }

    @Test("s3 ceph radosgw", .enabled(if: S3TestServer.ceph.shouldRun), arguments: ConformanceCheck.all)
    func ceph(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .s3(.ceph) })
    }

    @Test("s3 ceph radosgw without conditional create", .enabled(if: S3TestServer.ceph.shouldRun), arguments: ConformanceCheck.all)
    func cephUnconditional(_ check: ConformanceCheck) async throws {
        try await check.run(on: { try await .s3(.ceph, conditional: .off) })
    }
}

extension StoreUnderTest {
    /// A fresh, empty S3 store (a new key prefix in the test bucket), deleted afterwards.
    static func s3(_ server: S3TestServer, conditional: S3Location.ConditionalWrites = .auto) async throws -> StoreUnderTest {
        let store = try await server.openStore(conditional: conditional)
        return StoreUnderTest(
            name: "s3 \(server.rawValue) (conditional: \(store.capabilities.conditionalCreate))", blobs: store, rows: store,
            watchHub: store.watchHub, signalsSynchronously: false,
            conditionalCreateIsAtomic: server != .moto,
            cleanup: { try await store.deleteEverything() }
        )
    }
}
