/// Failure records by key (an address or a user), holding at most `capacity` keys. Inserting a new key into a
/// full table drops the least recently updated record, so memory stays fixed whatever an attacker sends. Records
/// are updated at each failure, so the least recently updated is also the one whose failures (and any refusal,
/// which starts at a failure) are oldest: expired records go before live ones. Recency is kept in an append-only log of (key, stamp) with lazy deletion, compacted when it
/// grows past twice the capacity: every operation is amortised O(1).
struct BoundedFailureTable: Sendable {
    struct Record: Sendable, Equatable {
        var failures: Int
        var lastFailure: ContinuousClock.Instant
        var refusedUntil: ContinuousClock.Instant?
        var stamp: UInt64 = 0
    }

    private struct Touch: Sendable {
        var key: String
        var stamp: UInt64
    }

    let capacity: Int
    private(set) var records: [String: Record] = [:]
    private var recency: [Touch] = []
    private var recencyHead = 0
    private var nextStamp: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { records.count }

    subscript(key: String) -> Record? { records[key] }

    /// Stores `record` under `key` and marks the key as most recently used.
    mutating func set(_ key: String, _ record: Record) {
        if records[key] == nil, records.count >= capacity { evictLeastRecentlyUpdated() }
        var record = record
        record.stamp = nextStamp
        nextStamp += 1
        records[key] = record
        recency.append(Touch(key: key, stamp: record.stamp))
        if recency.count - recencyHead > 2 * capacity + 16 { compact() }
    }

    mutating func remove(_ key: String) {
        records[key] = nil
    }

    private mutating func evictLeastRecentlyUpdated() {
        while recencyHead < recency.count {
            let touch = recency[recencyHead]
            recencyHead += 1
            if records[touch.key]?.stamp == touch.stamp {
                records[touch.key] = nil
                return
            }
        }
    }

    private mutating func compact() {
        recency = records.map { Touch(key: $0.key, stamp: $0.value.stamp) }.sorted { $0.stamp < $1.stamp }
        recencyHead = 0
    }
}
