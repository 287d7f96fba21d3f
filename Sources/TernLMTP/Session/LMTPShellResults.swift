/// What the user provider said about a RCPT address.
public enum RecipientResolution: Hashable, Sendable {
    case accepted(mailbox: String)
    case unknownUser
    case overQuota
    /// Store or user provider unavailable: the client should retry later.
    case temporaryFailure
}

/// What happened to one recipient's copy after the final dot.
public enum DeliveryOutcome: Hashable, Sendable {
    /// The copy is persisted (fsync / successful PUT). Only this outcome earns a 250.
    case durable
    case overQuota
    case temporaryFailure
}
