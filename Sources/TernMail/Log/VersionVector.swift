/// For each writer, how many of its operations (sequence numbers 1...n) a view contains.
/// With causal delivery a view is exactly the union of these per-writer prefixes.
public struct VersionVector: Hashable, Sendable {
    public private(set) var counts: [UInt64: UInt64]

    public init(_ counts: [UInt64: UInt64] = [:]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    public subscript(writerID: UInt64) -> UInt64 {
        get { counts[writerID] ?? 0 }
        set { counts[writerID] = newValue == 0 ? nil : newValue }
    }

    /// Whether the operation `seq` of `writerID` is inside this vector's view.
    public func contains(writerID: UInt64, seq: UInt64) -> Bool { self[writerID] >= seq }

    public func includes(_ other: VersionVector) -> Bool {
        other.counts.allSatisfy { self[$0.key] >= $0.value }
    }

    public mutating func merge(_ other: VersionVector) {
        for (writer, count) in other.counts where count > self[writer] { self[writer] = count }
    }

    public var total: UInt64 { counts.values.reduce(0, +) }

    /// Writer ids in ascending order, for deterministic encodings.
    public var sortedEntries: [(writerID: UInt64, count: UInt64)] {
        counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
