/// SEARCH / UID SEARCH (RFC 9051 §6.4.4, ESEARCH RETURN options RFC 4731 / SEARCHRES RFC 5182).
public struct SearchCommand: Hashable, Sendable {
    public var isUID: Bool
    /// `RETURN (...)`; nil when absent, empty for `RETURN ()` (which means ALL).
    public var returnOptions: [SearchReturnOption]?
    /// `CHARSET x`
    public var charset: ByteString?
    /// The search program: all keys must match (never empty).
    public var keys: [SearchKey]

    public init(
        isUID: Bool = false, returnOptions: [SearchReturnOption]? = nil, charset: ByteString? = nil,
        keys: [SearchKey]
    ) {
        self.isUID = isUID
        self.returnOptions = returnOptions
        self.charset = charset
        self.keys = keys
    }
}

public enum SearchReturnOption: String, Hashable, Sendable, CaseIterable {
    case min = "MIN"
    case max = "MAX"
    case all = "ALL"
    case count = "COUNT"
    /// SEARCHRES (RFC 5182): remember the result for `$`.
    case save = "SAVE"
}
