/// Stream transform that makes every line break CRLF: a bare LF and a lone CR each become CRLF. This is
/// what Dovecot stores and serves for an appended message (checked against the oracle), so running a
/// message through it before scanning and storing makes Tern's stored bytes, byte ranges and sizes equal
/// Dovecot's. State: one held-back CR.
public struct CRLFNormalizer: Sendable {
    private var pendingCR = false

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            if pendingCR {
                pendingCR = false
                out.append(ASCII.cr)
                out.append(ASCII.lf)
                if b == ASCII.lf { continue }
            }
            switch b {
            case ASCII.cr: pendingCR = true
            case ASCII.lf: out.append(contentsOf: [ASCII.cr, ASCII.lf])
            default: out.append(b)
            }
        }
    }

    /// Ends the input: a CR held back at the very end becomes CRLF.
    public mutating func finish(into out: inout [UInt8]) {
        if pendingCR { out.append(contentsOf: [ASCII.cr, ASCII.lf]) }
        pendingCR = false
    }

    /// Convenience for a whole message.
    public static func normalized(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var normalizer = CRLFNormalizer()
        var out: [UInt8] = []
        normalizer.feed(bytes, into: &out)
        normalizer.finish(into: &out)
        return out
    }
}
