import NIOCore

/// What `ResponseParser.nextPart()` delivers when large FETCH body literals are streamed: whole responses,
/// except a FETCH with a literal above the threshold, which arrives as
/// `.fetchBegin` -> `.fetchAttribute`* -> (`.fetchStreamingBegin` -> `.fetchStreamingBytes`* ->
/// `.fetchStreamingEnd` -> `.fetchAttribute`*)+ -> `.fetchEnd`.
public enum ResponseStreamPart: Hashable, Sendable {
    case response(Response)
    case fetchBegin(SequenceNumber)
    case fetchAttribute(MessageAttribute)
    case fetchStreamingBegin(StreamingAttribute, byteCount: Int)
    /// Consecutive pieces of the literal, as they arrived (their split depends on the input fragmentation).
    case fetchStreamingBytes(ByteBuffer)
    case fetchStreamingEnd
    case fetchEnd
}
