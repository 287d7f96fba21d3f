/// Modified UTF-7 of RFC 3501 §5.1.3 (mailbox names in IMAP4rev1 without UTF8=ACCEPT).
///
/// Decoding is strict so that `encode(decode(x)) == x` for every accepted `x`: printable ASCII must be
/// direct, `&` must be `&-`, base64 runs must end in `-`, carry no padding bits and decode to complete
/// UTF-16, and two runs may not be adjacent (the encoder would have merged them).
public enum ModifiedUTF7 {
    public struct DecodingError: Error, Hashable, Sendable {
        public let offset: Int
        public let message: String
    }

    public static func encode(_ string: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        var pending: [UInt16] = []
        for scalar in string.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush(&pending, into: &output)
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: Character(scalar).utf16)
            }
        }
        flush(&pending, into: &output)
        return output
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        var lastRunEnd = -1
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20 && byte <= 0x7E else {
                throw DecodingError(offset: index, message: "byte 0x\(String(byte, radix: 16)) is not printable ASCII")
            }
            guard byte == UInt8(ascii: "&") else {
                result.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            let run = try decodeRun(bytes, at: index)
            if run.scalars.isEmpty {
                result.append("&")
            } else {
                guard index != lastRunEnd else {
                    throw DecodingError(offset: index, message: "adjacent encoded sequences must be merged")
                }
                result.append(contentsOf: run.scalars)
                lastRunEnd = run.end
            }
            index = run.end
        }
        return String(result)
    }

    /// A LIST pattern as text, never failing: valid `&...-` runs are decoded, anything else (an `&`
    /// that starts no valid run, a byte outside printable ASCII) stands for itself (U+FFFD for a
    /// byte that is no ASCII). Clients send atom-specials and stray `&` in patterns (RFC 3501
    /// `list-char`); such a pattern should simply match the names it spells, not be refused.
    public static func decodeLeniently(_ bytes: [UInt8]) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let run = try? decodeRun(bytes, at: index) {
                result.append(contentsOf: run.scalars.isEmpty ? ["&"] : run.scalars)
                index = run.end
                continue
            }
            result.append(byte < 0x80 ? Unicode.Scalar(byte) : "\u{FFFD}")
            index += 1
        }
        return String(result)
    }

    /// The `&...-` run starting at `start` (an `&`): its scalars (empty for `&-`) and the index after
    /// its `-`. Strict: no padding bits, complete UTF-16, no encoded printable ASCII.
    private static func decodeRun(_ bytes: [UInt8], at start: Int) throws(DecodingError) -> (
        scalars: [Unicode.Scalar], end: Int
    ) {
        var index = start + 1
        var units: [UInt16] = []
        var bits: UInt32 = 0
        var bitCount = 0
        var base64Count = 0
        while true {
            guard index < bytes.count else {
                throw DecodingError(offset: start, message: "unterminated '&' sequence")
            }
            let current = bytes[index]
            index += 1
            if current == UInt8(ascii: "-") { break }
            guard let value = base64Value(current) else {
                throw DecodingError(offset: index - 1, message: "invalid byte in modified BASE64")
            }
            base64Count += 1
            bits = (bits << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 16 {
                bitCount -= 16
                units.append(UInt16(truncatingIfNeeded: bits >> UInt32(bitCount)))
                bits &= (1 << UInt32(bitCount)) - 1
            }
        }
        if base64Count == 0 { return ([], index) }
        guard bitCount < 6, bits == 0, !units.isEmpty else {
            throw DecodingError(offset: start, message: "encoded sequence has leftover bits")
        }
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value >= 0x20 && scalar.value <= 0x7E {
                    throw DecodingError(offset: start, message: "printable ASCII must not be encoded")
                }
                scalars.append(scalar)
            case .emptyInput:
                break decoding
            case .error:
                throw DecodingError(offset: start, message: "invalid UTF-16 in encoded sequence")
            }
        }
        guard !scalars.isEmpty else {
            throw DecodingError(offset: start, message: "empty encoded sequence")
        }
        return (scalars, index)
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    private static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: ","): return 63
        default: return nil
        }
    }

    private static func flush(_ units: inout [UInt16], into output: inout [UInt8]) {
        guard !units.isEmpty else { return }
        output.append(UInt8(ascii: "&"))
        var bits: UInt32 = 0
        var bitCount = 0
        for unit in units {
            bits = (bits << 16) | UInt32(unit)
            bitCount += 16
            while bitCount >= 6 {
                bitCount -= 6
                output.append(alphabet[Int((bits >> UInt32(bitCount)) & 0x3F)])
            }
            bits &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            output.append(alphabet[Int((bits << UInt32(6 - bitCount)) & 0x3F)])
        }
        output.append(UInt8(ascii: "-"))
        units.removeAll(keepingCapacity: true)
    }
}
