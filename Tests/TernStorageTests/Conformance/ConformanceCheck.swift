import TernStorage
import Testing

/// One backend-independent check of the storage contract. The same list runs against every backend:
/// memory and file here (LocalConformanceTests), the S3 servers in ../S3. To add a backend, write
///
///     @Test(arguments: ConformanceCheck.all)
///     func myBackend(_ check: ConformanceCheck) async throws {
///         try await check.run(on: { try await makeFreshEmptyStore() })
///     }
///
/// where each call of the factory returns an empty store (on S3: a fresh key prefix).
struct ConformanceCheck: Sendable, CustomTestStringConvertible {
    let name: String
    let body: @Sendable (StoreUnderTest) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (StoreUnderTest) async throws -> Void) {
        self.name = name
        self.body = body
    }

    var testDescription: String { name }

    static var all: [ConformanceCheck] {
        BlobChecks.all + BlobRangeChecks.all + BlobListChecks.all + RowChecks.all + WatchChecks.all
            + ConcurrencyChecks.all
    }

    /// Runs the check on a fresh store from `make`, cleaning up afterwards even when it fails.
    func run(on make: @Sendable () async throws -> StoreUnderTest) async throws {
        let store = try await make()
        do {
            try await withHangGuard(seconds: 300, "\(name) on \(store.name)") { try await body(store) }
        } catch {
            try? await store.cleanup()
            throw error
        }
        try await store.cleanup()
    }
}
