/// Byte classes of the IMAP formal syntax (RFC 9051 §9), shared by the command and response sides.
public enum IMAPCharacterClass {
    /// CHAR: %x01-7F.
    @inlinable
    public static func isChar(_ byte: UInt8) -> Bool { byte >= 0x01 && byte <= 0x7F }

    /// CTL: %x00-1F / %x7F.
    @inlinable
    public static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// list-wildcards: "%" / "*".
    @inlinable
    public static func isListWildcard(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "%") || byte == UInt8(ascii: "*")
    }

    /// quoted-specials: DQUOTE / "\".
    @inlinable
    public static func isQuotedSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// resp-specials: "]".
    @inlinable
    public static func isResponseSpecial(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "]") }

    /// atom-specials: "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials.
    @inlinable
    public static func isAtomSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: " "):
            return true
        default:
            return isControl(byte) || isListWildcard(byte) || isQuotedSpecial(byte) || isResponseSpecial(byte)
        }
    }

    /// ATOM-CHAR: any CHAR except atom-specials.
    @inlinable
    public static func isAtomByte(_ byte: UInt8) -> Bool { isChar(byte) && !isAtomSpecial(byte) }

    /// ASTRING-CHAR: ATOM-CHAR / resp-specials.
    @inlinable
    public static func isAStringByte(_ byte: UInt8) -> Bool { isAtomByte(byte) || isResponseSpecial(byte) }

    /// list-char: ATOM-CHAR / list-wildcards / resp-specials.
    @inlinable
    public static func isListByte(_ byte: UInt8) -> Bool {
        isAtomByte(byte) || isListWildcard(byte) || isResponseSpecial(byte)
    }

    /// TEXT-CHAR: any CHAR except CR and LF (and NUL, which CHAR already excludes).
    @inlinable
    public static func isTextByte(_ byte: UInt8) -> Bool {
        isChar(byte) && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n")
    }

    /// A byte allowed inside a quoted string: QUOTED-CHAR is TEXT-CHAR except quoted-specials, or
    /// (RFC 9051 / UTF8=ACCEPT) any UTF-8 byte >= 0x80.
    @inlinable
    public static func isQuotedByte(_ byte: UInt8) -> Bool {
        (isTextByte(byte) && !isQuotedSpecial(byte)) || byte >= 0x80
    }

    @inlinable
    public static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// base64 alphabet plus "=" padding (SASL responses, AUTHENTICATE initial response).
    @inlinable
    public static func isBase64Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
