/// `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 9051 allows the text to be empty).
public struct ResponseText: Hashable, Sendable {
    public var code: ResponseCode?
    /// Human-readable text: never CR or LF (the encoder replaces them with spaces).
    public var text: String

    public init(code: ResponseCode? = nil, text: String) {
        self.code = code
        self.text = text
    }
}
