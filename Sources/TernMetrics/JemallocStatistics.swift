import CJemalloc

/// jemalloc's own view of the heap (bytes), read through `mallctl`. jemalloc caches its counters:
/// writing "epoch" refreshes them, so every read first advances the epoch.
public struct JemallocStatistics: Hashable, Sendable {
    /// Bytes handed out to the program (live allocations).
    public var allocated: Int
    /// Bytes in pages that hold live allocations (allocated plus fragmentation inside them).
    public var active: Int
    /// Bytes of physically resident pages jemalloc owns (metadata and dirty pages included).
    public var resident: Int
    /// Bytes mapped by jemalloc (resident or not).
    public var mapped: Int
    /// Bytes jemalloc keeps for its own bookkeeping.
    public var metadata: Int

    /// Nil when the process does not run on jemalloc (e.g. a test binary not linked with it).
    public static func read() -> JemallocStatistics? {
        guard refreshEpoch(),
            let allocated = readSize("stats.allocated"),
            let active = readSize("stats.active"),
            let resident = readSize("stats.resident"),
            let mapped = readSize("stats.mapped"),
            let metadata = readSize("stats.metadata")
        else { return nil }
        return JemallocStatistics(
            allocated: allocated, active: active, resident: resident, mapped: mapped, metadata: metadata)
    }

    private static func refreshEpoch() -> Bool {
        var epoch: UInt64 = 1
        var length = MemoryLayout<UInt64>.size
        return withUnsafeMutablePointer(to: &epoch) { pointer in
            mallctl("epoch", pointer, &length, pointer, length) == 0
        }
    }

    private static func readSize(_ name: String) -> Int? {
        var value = 0
        var length = MemoryLayout<Int>.size
        let status = withUnsafeMutablePointer(to: &value) { mallctl(name, $0, &length, nil, 0) }
        return status == 0 ? value : nil
    }
}
