import NIOCore

/// What the command parser delivers from the client's byte stream, in order.
public enum CommandStreamPart: Hashable, Sendable {
    /// A complete command (any but APPEND).
    case tagged(TaggedCommand)
    /// A piece of an APPEND command.
    case append(AppendCommandPart)
    /// The `DONE` line ending IDLE.
    case idleDone
    /// A client line answering an AUTHENTICATE challenge.
    case authenticationResponse(AuthenticationResponse)
}

/// A line sent during AUTHENTICATE after a server challenge (RFC 9051 §6.2.2).
public enum AuthenticationResponse: Hashable, Sendable {
    /// The base64 text as sent (not decoded; may be empty).
    case data([UInt8])
    /// `*`: the client cancels the exchange.
    case cancel
}
