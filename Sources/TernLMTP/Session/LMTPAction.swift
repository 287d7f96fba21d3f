import NIOCore

/// What the shell must do next. The shell calls `nextAction()` in a loop and performs each action in order.
public enum LMTPAction: Hashable, Sendable {
    /// Queue this reply. Write all queued replies in one go when the next action is `.readMore` or `.awaitShell`
    /// (one write per pipelined batch avoids Nagle/delayed-ACK stalls).
    case send(LMTPReply)
    /// Read from the socket and pass the bytes to `receive(_:)`.
    case readMore
    /// Look the address up and answer with `recipientResolved(_:)`.
    case resolveRecipient(LMTPAddress)
    /// A message starts: open one sink per recipient.
    case beginMessage(LMTPEnvelope)
    /// Decoded (dot-unstuffed) message bytes, in order, for every recipient's sink.
    case messageBytes(ByteBuffer)
    /// The message is complete: make each recipient's copy durable and report each with `recipientStored`.
    case finishMessage
    /// The message will not be delivered (too big, malformed, connection lost): discard what was written.
    case abortMessage
    /// The machine waits for a result the shell owes it (`recipientResolved` or `recipientStored`).
    case awaitShell
    /// Flush queued replies and close the connection.
    case close
}
