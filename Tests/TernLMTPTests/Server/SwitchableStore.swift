import NIOConcurrencyHelpers
import NIOCore
import TernStorage

/// A memory store that can be switched to fail every call with `unavailable`, as a storage outage would. It also
/// counts blob listings and the most blob writes it saw in flight at once (what the fan-out tests bound).
final class SwitchableStore: BlobStore, RowStore, Sendable {
    struct Counters: Sendable {
        var blobListings = 0
        var putsInFlight = 0
        var maxPutsInFlight = 0
        var blobPuts = 0
    }

    let base = MemoryStore()
    private let down = NIOLockedValueBox(false)
    private let counters = NIOLockedValueBox(Counters())

    var counted: Counters { counters.withLockedValue { $0 } }
    func resetCounters() { counters.withLockedValue { $0 = Counters() } }

    var isDown: Bool {
        get { down.withLockedValue { $0 } }
        set { down.withLockedValue { $0 = newValue } }
    }

    private func check() throws {
        if isDown { throw StorageError(.unavailable, "storage switched off by the test") }
    }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    )
        async throws where Body.Element == ByteBuffer
    {
        try check()
        counters.withLockedValue {
            $0.blobPuts += 1
            $0.putsInFlight += 1
            $0.maxPutsInFlight = max($0.maxPutsInFlight, $0.putsInFlight)
        }
        defer { counters.withLockedValue { $0.putsInFlight -= 1 } }
        try await base.put(key, body: body, length: length, condition: condition)
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try check()
        return try await base.get(key, range: range)
    }

    func head(_ key: String) async throws -> BlobInfo? {
        try check()
        return try await base.head(key)
    }

    func copy(from source: String, to destination: String) async throws {
        try check()
        try await base.copy(from: source, to: destination)
    }

    func delete(_ key: String) async throws {
        try check()
        try await base.delete(key)
    }

    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try check()
        counters.withLockedValue { $0.blobListings += 1 }
        return try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try check()
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }

    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try check()
        return try await base.get(partition: partition, sort: sort)
    }

    func delete(partition: String, sort: String) async throws {
        try check()
        try await base.delete(partition: partition, sort: sort)
    }

    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try check()
        return try await base.list(partition: partition, after: after, limit: limit)
    }

    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try check()
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }

    func waitForChange(partition: String, after: String?) async throws {
        try check()
        try await base.waitForChange(partition: partition, after: after)
    }
}
