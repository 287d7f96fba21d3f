/// Anything a server sends: a continuation request, untagged data or status, or a tagged completion.
///
/// FETCH bodies can be large, so the encoder also offers a streaming form (see `FetchStreamPart`); this type
/// carries whole values and is what the response parser returns.
public enum Response: Hashable, Sendable {
    case continuation(ContinuationRequest)
    case untagged(UntaggedResponse)
    case tagged(TaggedResponse)
}
