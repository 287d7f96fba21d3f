/// The pieces of one FETCH response as a server streams it:
/// `.begin` -> (`.attribute` | `.streamingBegin` -> bytes... -> `.streamingEnd`)* -> `.end`.
///
/// A body attribute whose bytes come from storage is announced with its exact size; the encoder writes
/// `BODY[...] {N}\r\n` (or `BINARY[...] ~{N}\r\n`) and the caller then sends the chunks itself, unchanged.
public enum FetchStreamPart: Hashable, Sendable {
    case begin(SequenceNumber)
    case attribute(MessageAttribute)
    case streamingBegin(StreamingAttribute, byteCount: Int)
    /// Reports `count` bytes of the announced literal as sent by the caller.
    case streamingBytes(count: Int)
    case streamingEnd
    case end
}

/// A FETCH item whose value is a literal streamed from storage.
public enum StreamingAttribute: Hashable, Sendable {
    case body(SectionSpecifier, origin: UInt64?)
    /// Written as `literal8` (`~{N}`).
    case binary(part: [UInt32], origin: UInt64?)
    case rfc822
    case rfc822Header
    case rfc822Text
}
