/// Writes IMAP `string` / `nstring` values (RFC 3501 4.3, RFC 9051 4.3) the way Dovecot chooses between
/// quoted and literal forms, so that FETCH output matches it byte for byte:
/// - a quoted string when every byte is 7-bit, not CR/LF, and at most 4 bytes need a backslash;
/// - otherwise a synchronising literal `{n}\r\n` followed by the bytes.
/// NUL never appears: header values have NUL replaced by U+FFFD before they get here.
public enum IMAPStringWriter {
    /// More than this many `"` or `\` make a literal cheaper than a quoted string.
    static let maxQuotedEscapes = 4

    public static func nilOrString(_ value: [UInt8]?, into out: inout [UInt8]) {
        guard let value else {
            out.append(contentsOf: "NIL".utf8)
            return
        }
        string(value, into: &out)
    }

    public static func string(_ value: [UInt8], into out: inout [UInt8]) {
        var escapes = 0
        for b in value {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                escapes += 1
                if escapes > maxQuotedEscapes { return literal(value, into: &out) }
            case ASCII.cr, ASCII.lf, 0:
                return literal(value, into: &out)
            default:
                if b >= 0x80 { return literal(value, into: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
        for b in value {
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    public static func literal(_ value: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        ASCII.appendDecimal(value.count, to: &out)
        out.append(contentsOf: "}\r\n".utf8)
        out.append(contentsOf: value)
    }

    /// An nstring with line breaks removed: a CR or LF disappears, and a space is put in its place when
    /// the next byte is not white space (so unfolding never glues two words together).
    public static func nilOrStringWithoutLineBreaks(_ value: [UInt8]?, into out: inout [UInt8]) {
        guard let value else {
            out.append(contentsOf: "NIL".utf8)
            return
        }
        let cleaned = replacingNUL(value)
        guard cleaned.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) else {
            return string(cleaned, into: &out)
        }
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(cleaned.count)
        for (i, b) in cleaned.enumerated() {
            if b != ASCII.cr && b != ASCII.lf {
                unfolded.append(b)
                continue
            }
            let next: UInt8? = i + 1 < cleaned.count ? cleaned[i + 1] : nil
            if let next, next != ASCII.space, next != ASCII.tab, next != ASCII.cr, next != ASCII.lf {
                unfolded.append(ASCII.space)
            }
        }
        string(unfolded, into: &out)
    }

    /// A string cleaned up for people (Dovecot's rule for subjects and display names): NUL becomes 0x80,
    /// runs of white space (SP, TAB, CR, LF) become one space, leading and trailing white space go.
    /// Unchanged text is sent quoted; changed text is sent as a literal.
    public static func stringForHumans(_ value: [UInt8], into out: inout [UInt8]) {
        var modify = false
        var removeCount = 0
        var lastWhite = true
        var whitespacePrefix = true
        for b in value {
            switch b {
            case 0:
                lastWhite = false
                modify = true
            case ASCII.cr, ASCII.lf, ASCII.tab, ASCII.space:
                if b != ASCII.space { modify = true }
                if lastWhite {
                    modify = true
                    removeCount += 1
                }
                lastWhite = true
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                modify = true
                lastWhite = false
            default:
                if b & 0x80 != 0 { modify = true }
                lastWhite = false
            }
            if !lastWhite { whitespacePrefix = false }
        }
        if lastWhite && !value.isEmpty && !whitespacePrefix {
            modify = true
            removeCount += 1
        }
        if !modify {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: value)
            out.append(UInt8(ascii: "\""))
            return
        }
        if value.count == removeCount {
            out.append(contentsOf: "\"\"".utf8)
            return
        }
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(value.count)
        lastWhite = true
        for b in value {
            switch b {
            case 0:
                cleaned.append(0x80)
                lastWhite = false
            case ASCII.cr, ASCII.lf, ASCII.tab, ASCII.space:
                if !lastWhite { cleaned.append(ASCII.space) }
                lastWhite = true
            default:
                cleaned.append(b)
                lastWhite = false
            }
        }
        if lastWhite, cleaned.last == ASCII.space { cleaned.removeLast() }
        literal(cleaned, into: &out)
    }

    /// Header bytes as Dovecot stores them for ENVELOPE and BODYSTRUCTURE strings: NUL becomes U+FFFD.
    static func replacingNUL(_ value: [UInt8]) -> [UInt8] {
        guard value.contains(0) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.count + 8)
        for b in value {
            if b == 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { out.append(b) }
        }
        return out
    }
}
