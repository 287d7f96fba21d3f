import TernMail
import TernStorage

/// QUERY's view of a TernMail `Mailbox`: stored structures and streamed bodies.
struct MailboxContentSource: MessageContentSource {
    let mailbox: Mailbox

    func structures(of messages: [MailboxView.Message]) -> MessageStructureStream {
        MessageStructureStream(mailbox.metadata(of: messages))
    }

    func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
        try await mailbox.body(of: message, range: range)
    }
}

extension IMAPSession {
    /// What QUERY needs for a command on the selected mailbox.
    func queryContext(for current: SelectedMailbox) -> QueryContext {
        QueryContext(
            source: MailboxContentSource(mailbox: current.mailbox), limiter: context.bodyReadLimiter,
            user: machine.login ?? "", timeZone: context.timeZone)
    }
}
