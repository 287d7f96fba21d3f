/// Small byte helpers shared by the parsers (header bytes are not necessarily UTF-8, so they stay bytes).
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let dash: UInt8 = 0x2D

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isLWSP(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    static func lowercased<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        bytes.map(lower)
    }

    static func equalsIgnoringCase<C: Collection>(_ bytes: C, _ string: String) -> Bool where C.Element == UInt8 {
        let other = string.utf8
        guard bytes.count == other.count else { return false }
        return zip(bytes, other).allSatisfy { lower($0) == lower($1) }
    }

    static func equalsIgnoringCase<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    static func hasPrefixIgnoringCase<C: Collection>(_ bytes: C, _ prefix: String) -> Bool where C.Element == UInt8 {
        let p = prefix.utf8
        guard bytes.count >= p.count else { return false }
        return zip(bytes, p).allSatisfy { lower($0) == lower($1) }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// `%XX` decoding; malformed escapes are kept as they are.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// Decimal digits of a non-negative integer.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value <= 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: [UInt8] = []
        var v = value
        while v > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        }
        out.append(contentsOf: digits.reversed())
    }
}
