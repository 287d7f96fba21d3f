/// The rules that choose a wire form for a string the encoder writes.
///
/// (RFC 3501 / 9051 §9 formal syntax):
/// - atom (only where the grammar allows `astring`): non-empty, every byte an `ASTRING-CHAR`, and not `NIL`
///   (which a reader of an `nstring` slot would take for nil);
/// - quoted: every byte a `TEXT-CHAR` (no NUL, CR, LF), 8-bit only as valid UTF-8 when the peer allows UTF-8,
///   at most `maxQuotedLength` bytes; `"` and `\` are escaped with `\`;
/// - literal otherwise.
extension StringForm {
    /// Chooses the form for `bytes` in a slot that accepts `string` (or `astring` when `allowAtom`).
    public static func choose<Bytes: Collection>(
        for bytes: Bytes,
        allowAtom: Bool,
        options: EncodingOptions
    ) -> StringForm where Bytes.Element == UInt8 {
        var atomPossible = allowAtom && !bytes.isEmpty
        var hasHighBit = false
        var count = 0
        for byte in bytes {
            count += 1
            switch byte {
            case 0, UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                return .literal
            case 0x80...:
                hasHighBit = true
                atomPossible = false
            default:
                if atomPossible && !IMAPCharacterClass.isAStringByte(byte) {
                    atomPossible = false
                }
            }
        }
        if hasHighBit && !(options.allowsUTF8 && UTF8Validation.isValid(bytes)) {
            return .literal
        }
        if atomPossible && !isNIL(bytes) {
            return .atom
        }
        return count <= options.maxQuotedLength ? .quoted : .literal
    }

    /// Whether `bytes` can be written in this form at all (a remembered form is honoured only then).
    public func canCarry<Bytes: Collection>(
        _ bytes: Bytes,
        allowAtom: Bool,
        options: EncodingOptions
    ) -> Bool where Bytes.Element == UInt8 {
        switch self {
        case .atom:
            return allowAtom && !bytes.isEmpty && bytes.allSatisfy(IMAPCharacterClass.isAStringByte)
        case .quoted:
            let textOnly = bytes.allSatisfy { byte in
                byte != 0 && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n")
            }
            return textOnly && (bytes.allSatisfy { $0 < 0x80 } || (options.allowsUTF8 && UTF8Validation.isValid(bytes)))
        case .literal, .nonSynchronizingLiteral:
            return true
        }
    }

    static func isNIL<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard bytes.count == 3 else { return false }
        var iterator = bytes.makeIterator()
        return iterator.next().map { $0 | 0x20 } == UInt8(ascii: "n")
            && iterator.next().map { $0 | 0x20 } == UInt8(ascii: "i")
            && iterator.next().map { $0 | 0x20 } == UInt8(ascii: "l")
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    public static func isValid<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var iterator = bytes.makeIterator()
        while let lead = iterator.next() {
            let continuationCount: Int
            let minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0x00...0x7F:
                continue
            case 0xC2...0xDF:
                continuationCount = 1
                minimum = 0x80
                scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                continuationCount = 2
                minimum = 0x800
                scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4:
                continuationCount = 3
                minimum = 0x10000
                scalar = UInt32(lead & 0x07)
            default:
                return false
            }
            for _ in 0..<continuationCount {
                guard let next = iterator.next(), next & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return false
            }
        }
        return true
    }
}
