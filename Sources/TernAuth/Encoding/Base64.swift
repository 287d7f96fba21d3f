/// Base64 (RFC 4648 section 4) without Foundation: strict decoding for SASL (padding required, no whitespace,
/// non-zero trailing bits refused) and the unpadded form PHC strings use.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>, padded: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            if second != nil { out.append(alphabet[Int(group >> 6 & 0x3F)]) } else if padded { out.append(61) }
            if third != nil { out.append(alphabet[Int(group & 0x3F)]) } else if padded { out.append(61) }
            if third == nil { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded base64; nil for anything else (bad symbols, missing padding, stray bits).
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let symbols = Array(text)
        guard symbols.count % 4 == 0 else { return nil }
        var padding = 0
        if symbols.last == 61 { padding += 1 }
        if symbols.count >= 2, symbols[symbols.count - 2] == 61 { padding += 1 }
        if padding == 1, symbols.last != 61 { return nil }
        return decodeUnpadded(symbols.dropLast(padding))
    }

    public static func decode(_ text: String) -> [UInt8]? { decode(Array(text.utf8)) }

    /// Decodes base64 without padding (PHC strings); nil on bad symbols, a bad length or stray bits.
    public static func decodeUnpadded(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in text {
            let value = decodeTable[Int(symbol)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // 6 leftover bits cannot come from whole bytes; leftover bits must be zero (canonical encoding).
        guard bits != 6, accumulator == 0 else { return nil }
        return out
    }
}
