/// `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`: the first thing a server sends.
public enum Greeting: Hashable, Sendable {
    /// `* OK ...`: not yet authenticated.
    case ok(ResponseText)
    /// `* PREAUTH ...`: already authenticated by external means.
    case preauth(ResponseText)
    /// `* BYE ...`: the server refuses the connection.
    case bye(ResponseText)

    /// The greeting as the untagged response it is on the wire.
    public var response: UntaggedResponse {
        switch self {
        case .ok(let text): return .status(.ok, text)
        case .preauth(let text): return .preauth(text)
        case .bye(let text): return .bye(text)
        }
    }
}
