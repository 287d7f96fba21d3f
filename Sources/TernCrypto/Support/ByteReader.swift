/// Reads fixed-layout binary fields from untrusted bytes; every read is bounds-checked and a
/// short input becomes `TernCryptoError.malformed`, never a trap.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int = 0
    private let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var remaining: Int { bytes.count - offset }

    mutating func readByte() throws -> UInt8 {
        try readBytes(1)[0]
    }

    mutating func readUInt32() throws -> UInt32 {
        try readBytes(4).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, remaining >= count else {
            throw TernCryptoError(
                .malformed,
                "\(what): needs \(count) more bytes at offset \(offset), has \(remaining)"
            )
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    func expectEnd() throws {
        guard remaining == 0 else {
            throw TernCryptoError(.malformed, "\(what): \(remaining) unexpected trailing bytes")
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendUInt32(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}

/// Fresh bytes from the system CSPRNG (swift-crypto's `SymmetricKey(size:)` draws from it).
func secureRandomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}
