/// Makes a value that may come from the network (a login name, an ID field, a mailbox name, an LMTP
/// address, an error quoting client input) safe to put in one log line: nothing it contains can end
/// the line or start a new one, and it has a bounded length. Pure.
///
/// Escaped: backslash (so an escape in the output is always ours), CR, LF, TAB, the other C0
/// controls and DEL as `\xHH`, the C1 controls (U+0080...U+009F, which include NEL) and the Unicode
/// line and paragraph separators as `\u{HHHH}`: every character a terminal, journald or a log viewer
/// may treat as a line break or a control sequence.
public enum LogEscaping {
    /// Bytes of output kept per value before the rest is cut (login names are at most 255 bytes and
    /// mailbox names 1 KiB; longer values are either errors or abuse).
    public static let defaultMaxBytes = 1024

    public static func escape(_ value: String, maxBytes: Int = defaultMaxBytes) -> String {
        var output = ""
        output.reserveCapacity(min(value.utf8.count, maxBytes) + 16)
        var written = 0
        var consumed = 0
        let total = value.utf8.count
        for scalar in value.unicodeScalars {
            let piece = escaped(scalar)
            if written + piece.utf8.count > maxBytes {
                return output + "...[\(total - consumed) more bytes]"
            }
            output += piece
            written += piece.utf8.count
            consumed += scalar.utf8.count
        }
        return output
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x5C: return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00..<0x20, 0x7F: return "\\x" + hex(scalar.value, digits: 2)
        case 0x80..<0xA0, 0x2028, 0x2029: return "\\u{" + hex(scalar.value, digits: 4) + "}"
        default: return String(scalar)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
