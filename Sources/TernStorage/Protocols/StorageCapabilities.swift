/// Optional features a backend reports. Correctness never depends on any of them: every key Tern
/// writes is unique and every operation idempotent, so these only save duplicate work.
public struct StorageCapabilities: Hashable, Sendable {
    /// The backend honours `WriteCondition.ifAbsent` atomically (S3: `If-None-Match: *`).
    /// When false, an `ifAbsent` write is performed as an ordinary (overwriting) write.
    public var conditionalCreate: Bool

    public init(conditionalCreate: Bool) {
        self.conditionalCreate = conditionalCreate
    }
}

/// A precondition on a write.
public enum WriteCondition: Hashable, Sendable {
    /// Write unconditionally, replacing any existing value.
    case none
    /// Create only if the key is absent; otherwise throw `StorageError.Code.alreadyExists`.
    /// Honoured only where `StorageCapabilities.conditionalCreate` is true; elsewhere it is `.none`.
    case ifAbsent
}
