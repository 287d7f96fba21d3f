/// BLAKE2b (RFC 7693) without a key, any digest length 1...64: the hash inside Argon2 (RFC 9106 section 3.2).
struct Blake2b {
    private static let iv: [UInt64] = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]

    /// Message word order for each of the 10 distinct rounds (rounds 10 and 11 repeat 0 and 1).
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var state: [UInt64]
    private var pending: [UInt8] = []
    private var counter: UInt64 = 0
    private let digestLength: Int

    init(digestLength: Int) {
        precondition((1...64).contains(digestLength), "BLAKE2b digest length is 1...64")
        self.digestLength = digestLength
        state = Self.iv
        state[0] ^= 0x0101_0000 ^ UInt64(digestLength)
    }

    /// Feeds bytes. The last block is kept back: it must be compressed with the final flag.
    mutating func update(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            if pending.count == 128 {
                counter &+= 128
                compress(pending, final: false)
                pending.removeAll(keepingCapacity: true)
            }
            pending.append(byte)
        }
    }

    mutating func update(littleEndian value: UInt32) {
        update((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    consuming func finalize() -> [UInt8] {
        counter &+= UInt64(pending.count)
        pending += [UInt8](repeating: 0, count: 128 - pending.count)
        compress(pending, final: true)
        var digest: [UInt8] = []
        digest.reserveCapacity(64)
        for word in state {
            for shift in stride(from: 0, to: 64, by: 8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return Array(digest.prefix(digestLength))
    }

    static func hash(_ bytes: [UInt8], digestLength: Int) -> [UInt8] {
        var hasher = Blake2b(digestLength: digestLength)
        hasher.update(bytes)
        return hasher.finalize()
    }

    private mutating func compress(_ block: [UInt8], final: Bool) {
        var message = [UInt64](repeating: 0, count: 16)
        for index in 0..<16 {
            var word: UInt64 = 0
            for byte in 0..<8 { word |= UInt64(block[index * 8 + byte]) << UInt64(8 * byte) }
            message[index] = word
        }
        var v = state + Self.iv
        v[12] ^= counter
        // The high half of the 128-bit counter stays zero: inputs here are far below 2^64 bytes.
        if final { v[14] = ~v[14] }
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            Self.mix(&v, 0, 4, 8, 12, message[s[0]], message[s[1]])
            Self.mix(&v, 1, 5, 9, 13, message[s[2]], message[s[3]])
            Self.mix(&v, 2, 6, 10, 14, message[s[4]], message[s[5]])
            Self.mix(&v, 3, 7, 11, 15, message[s[6]], message[s[7]])
            Self.mix(&v, 0, 5, 10, 15, message[s[8]], message[s[9]])
            Self.mix(&v, 1, 6, 11, 12, message[s[10]], message[s[11]])
            Self.mix(&v, 2, 7, 8, 13, message[s[12]], message[s[13]])
            Self.mix(&v, 3, 4, 9, 14, message[s[14]], message[s[15]])
        }
        for index in 0..<8 { state[index] ^= v[index] ^ v[index + 8] }
    }

    private static func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = rotateRight(v[d] ^ v[a], 32)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = rotateRight(v[d] ^ v[a], 16)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 63)
    }

    @inline(__always)
    static func rotateRight(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value >> count) | (value << (64 - count))
    }
}
