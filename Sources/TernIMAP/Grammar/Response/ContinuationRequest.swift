/// `continue-req = "+" SP (resp-text / base64) CRLF`.
public enum ContinuationRequest: Hashable, Sendable {
    /// Human-readable text, e.g. `+ Ready for literal data` or `+ idling`.
    case text(ResponseText)
    /// A SASL challenge, already base64-encoded (possibly empty: `+ `).
    case base64(String)
}
