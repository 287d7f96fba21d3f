/// A recipient the shell resolved to a local mailbox.
public struct LMTPRecipient: Hashable, Sendable {
    public var address: LMTPAddress
    /// The user the address resolved to (after aliases and `+detail`), as the user provider names it.
    public var mailbox: String

    public init(address: LMTPAddress, mailbox: String) {
        self.address = address
        self.mailbox = mailbox
    }
}

/// Everything the shell needs to store one message: recipients are in RCPT order, and delivery outcomes are
/// reported by index into `recipients`.
public struct LMTPEnvelope: Hashable, Sendable {
    public var reversePath: LMTPAddress?
    public var parameters: LMTPMailParameters
    public var recipients: [LMTPRecipient]

    public init(reversePath: LMTPAddress?, parameters: LMTPMailParameters, recipients: [LMTPRecipient]) {
        self.reversePath = reversePath
        self.parameters = parameters
        self.recipients = recipients
    }
}
