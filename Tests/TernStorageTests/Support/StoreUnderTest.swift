import Foundation
import TernStorage

/// A fresh, empty store for one conformance case: blob and row halves, and the backend's watch hub
/// when it exposes one (lets watch checks wait until waiters are registered instead of sleeping).
struct StoreUnderTest: Sendable {
    var name: String
    var blobs: any BlobStore
    var rows: any RowStore
    var watchHub: RowWatchHub?
    /// True when a write signals the hub before returning (local stores); false for polling backends.
    var signalsSynchronously: Bool
    /// False where the backend honours conditional create but may let two racing creates both win
    /// (moto checks then writes without a lock). Tern's correctness never depends on it; the suite then
    /// checks only that the stored value is one of the winners'.
    var conditionalCreateIsAtomic: Bool
    var cleanup: @Sendable () async throws -> Void

    init(
        name: String,
        blobs: any BlobStore,
        rows: any RowStore,
        watchHub: RowWatchHub? = nil,
        signalsSynchronously: Bool = false,
        conditionalCreateIsAtomic: Bool = true,
        cleanup: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.name = name
        self.blobs = blobs
        self.rows = rows
        self.watchHub = watchHub
        self.signalsSynchronously = signalsSynchronously
        self.conditionalCreateIsAtomic = conditionalCreateIsAtomic
        self.cleanup = cleanup
    }

    static func memory(conditionalCreate: Bool = true, chunkSize: Int = 64 * 1024) -> StoreUnderTest {
        let store = MemoryStore(conditionalCreate: conditionalCreate, chunkSize: chunkSize)
        return StoreUnderTest(
            name: "memory(conditional: \(conditionalCreate))",
            blobs: store,
            rows: store,
            watchHub: store.watchHub,
            signalsSynchronously: true
        )
    }

    static func file(conditionalCreate: Bool = true) async throws -> StoreUnderTest {
        let directory = try TemporaryDirectory()
        let store = try await FileStore.open(path: directory.path + "/store", conditionalCreate: conditionalCreate, runtime: testStorageRuntime)
        return StoreUnderTest(
            name: "file(conditional: \(conditionalCreate))",
            blobs: store,
            rows: store,
            watchHub: store.watchHub,
            signalsSynchronously: true,
            cleanup: { directory.remove() }
        )
    }
}
