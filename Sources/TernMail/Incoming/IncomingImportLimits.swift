/// How the incoming queue is imported into INBOX (`Account.importIncoming`, the import driver).
public struct IncomingImportLimits: Sendable, Hashable {
    /// Messages per batch, and so per log operation (at most
    /// `MailboxOperationLimits.maxAppendsPerOperation`). An import's log entry is about 270 bytes
    /// (two keys of fixed length, no flags), so a full batch is far below `maxBatchBytes`.
    public var batchMessages: Int
    /// Message bytes per batch: a batch of large messages ends early, so what a crash makes the
    /// next importer redo (and what the account's close waits for) stays bounded.
    public var batchBytes: Int
    /// A look at INBOX (SELECT, STATUS, NOOP, IDLE) imports at most this many messages, and
    /// `inlineBytes`, before it answers: the usual few new messages show in that answer. A longer
    /// queue is left to the background driver, so the answer never waits for it.
    public var inlineMessages: Int
    public var inlineBytes: Int

    public init(
        batchMessages: Int = MailboxOperationLimits.maxAppendsPerOperation, batchBytes: Int = 64 * 1024 * 1024,
        inlineMessages: Int = 16, inlineBytes: Int = 4 * 1024 * 1024
    ) {
        let maxMessages = MailboxOperationLimits.maxAppendsPerOperation
        self.batchMessages = min(max(1, batchMessages), maxMessages)
        self.batchBytes = max(1, batchBytes)
        self.inlineMessages = min(max(0, inlineMessages), maxMessages)
        self.inlineBytes = max(0, inlineBytes)
    }
}
