/// STORE / UID STORE (RFC 9051 §6.4.6, UNCHANGEDSINCE RFC 7162).
public struct StoreCommand: Hashable, Sendable {
    public enum Operation: Hashable, Sendable {
        /// `FLAGS`
        case replace
        /// `+FLAGS`
        case add
        /// `-FLAGS`
        case remove
    }

    public var isUID: Bool
    public var set: SequenceSet
    /// `(UNCHANGEDSINCE n)`
    public var unchangedSince: ModSeq?
    public var operation: Operation
    /// `.SILENT`
    public var silent: Bool
    public var flags: [Flag]
    /// Flags written as `(a b)` rather than `a b`.
    public var parenthesized: Bool

    public init(
        isUID: Bool = false, set: SequenceSet, unchangedSince: ModSeq? = nil, operation: Operation,
        silent: Bool = false, flags: [Flag], parenthesized: Bool = true
    ) {
        self.isUID = isUID
        self.set = set
        self.unchangedSince = unchangedSince
        self.operation = operation
        self.silent = silent
        self.flags = flags
        self.parenthesized = parenthesized
    }
}
