/// Argon2id version 1.3 (RFC 9106), written from the RFC: memory of `memoryKiB` 1 KiB blocks in `parallelism`
/// lanes (computed one after the other here: verification only needs the result), `iterations` passes.
enum Argon2id {
    struct Parameters: Hashable, Sendable {
        var memoryKiB: Int
        var iterations: Int
        var parallelism: Int
    }

    static let version: UInt32 = 0x13
    private static let type: UInt32 = 2  // Argon2id
    private static let syncPoints = 4
    private static let wordsPerBlock = 128

    static func hash(
        password: [UInt8],
        salt: [UInt8],
        secret: [UInt8] = [],
        associatedData: [UInt8] = [],
        parameters: Parameters,
        tagLength: Int
    ) -> [UInt8] {
        let lanes = parameters.parallelism
        // m' = 4 * p * floor(m / 4p): whole segments in every lane.
        let blockCount = max(parameters.memoryKiB, 8 * lanes) / (4 * lanes) * (4 * lanes)
        let laneLength = blockCount / lanes
        let segmentLength = laneLength / syncPoints

        var initial = Blake2b(digestLength: 64)
        for value in [
            UInt32(lanes), UInt32(tagLength), UInt32(parameters.memoryKiB), UInt32(parameters.iterations), version,
            type,
        ] {
            initial.update(littleEndian: value)
        }
        for field in [password, salt, secret, associatedData] {
            initial.update(littleEndian: UInt32(field.count))
            initial.update(field)
        }
        let h0 = initial.finalize()

        var memory = [UInt64](repeating: 0, count: blockCount * wordsPerBlock)
        for lane in 0..<lanes {
            for column in 0..<2 {
                let bytes = variableHash(h0 + littleEndian(UInt32(column)) + littleEndian(UInt32(lane)), length: 1024)
                let start = (lane * laneLength + column) * wordsPerBlock
                for word in 0..<wordsPerBlock {
                    memory[start + word] = bytes[(word * 8)..<(word * 8 + 8)].reversed().reduce(0) {
                        $0 << 8 | UInt64($1)
                    }
                }
            }
        }

        let geometry = Geometry(
            lanes: lanes,
            laneLength: laneLength,
            segmentLength: segmentLength,
            blockCount: blockCount,
            iterations: parameters.iterations
        )
        memory.withUnsafeMutableBufferPointer { memory in
            for pass in 0..<parameters.iterations {
                for slice in 0..<syncPoints {
                    for lane in 0..<lanes {
                        fillSegment(memory, geometry, pass: pass, slice: slice, lane: lane)
                    }
                }
            }
        }

        var final = [UInt64](repeating: 0, count: wordsPerBlock)
        for lane in 0..<lanes {
            let start = (lane * laneLength + laneLength - 1) * wordsPerBlock
            for word in 0..<wordsPerBlock { final[word] ^= memory[start + word] }
        }
        var finalBytes: [UInt8] = []
        finalBytes.reserveCapacity(1024)
        for word in final { finalBytes += (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) } }
        // The working memory held password-derived state.
        memory.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        return variableHash(finalBytes, length: tagLength)
    }

    struct Geometry {
        var lanes: Int
        var laneLength: Int
        var segmentLength: Int
        var blockCount: Int
        var iterations: Int
    }

    private static func fillSegment(
        _ memory: UnsafeMutableBufferPointer<UInt64>,
        _ geometry: Geometry,
        pass: Int,
        slice: Int,
        lane: Int
    ) {
        // Argon2id: data-independent addresses in the first half of the first pass, data-dependent afterwards.
        let independent = pass == 0 && slice < 2
        var addresses = [UInt64](repeating: 0, count: wordsPerBlock)
        var input = [UInt64](repeating: 0, count: wordsPerBlock)
        input[0] = UInt64(pass)
        input[1] = UInt64(lane)
        input[2] = UInt64(slice)
        input[3] = UInt64(geometry.blockCount)
        input[4] = UInt64(geometry.iterations)
        input[5] = UInt64(type)
        let zero = [UInt64](repeating: 0, count: wordsPerBlock)

        func nextAddresses() {
            input[6] &+= 1
            let first = compress(zero, input)
            addresses = compress(zero, first)
        }

        let start = pass == 0 && slice == 0 ? 2 : 0
        if independent && start != 0 { nextAddresses() }
        for index in start..<geometry.segmentLength {
            let column = slice * geometry.segmentLength + index
            let current = lane * geometry.laneLength + column
            let previous = column == 0 ? current + geometry.laneLength - 1 : current - 1
            let random: UInt64
            if independent {
                if index % wordsPerBlock == 0 { nextAddresses() }
                random = addresses[index % wordsPerBlock]
            } else {
                random = memory[previous * wordsPerBlock]
            }
            let referenceLane = pass == 0 && slice == 0 ? lane : Int((random >> 32) % UInt64(geometry.lanes))
            let sameLane = referenceLane == lane
            let areaSize: Int
            if pass == 0 {
                if slice == 0 {
                    areaSize = index - 1
                } else if sameLane {
                    areaSize = slice * geometry.segmentLength + index - 1
                } else {
                    areaSize = slice * geometry.segmentLength - (index == 0 ? 1 : 0)
                }
            } else if sameLane {
                areaSize = geometry.laneLength - geometry.segmentLength + index - 1
            } else {
                areaSize = geometry.laneLength - geometry.segmentLength - (index == 0 ? 1 : 0)
            }
            // Non-uniform mapping of J1 onto the reference area (RFC 9106 section 3.4.1.2).
            let j1 = random & 0xFFFF_FFFF
            let x = (j1 &* j1) >> 32
            let y = (UInt64(areaSize) &* x) >> 32
            let relative = areaSize - 1 - Int(y)
            let startPosition = pass == 0 || slice == syncPoints - 1 ? 0 : (slice + 1) * geometry.segmentLength
            let referenceColumn = (startPosition + relative) % geometry.laneLength
            let reference = referenceLane * geometry.laneLength + referenceColumn

            let result = compress(block(memory, previous), block(memory, reference))
            let base = current * wordsPerBlock
            if pass == 0 {
                for word in 0..<wordsPerBlock { memory[base + word] = result[word] }
            } else {
                // Version 1.3: later passes XOR the new block into the old one.
                for word in 0..<wordsPerBlock { memory[base + word] ^= result[word] }
            }
        }
    }

    private static func block(_ memory: UnsafeMutableBufferPointer<UInt64>, _ index: Int) -> [UInt64] {
        Array(memory[(index * wordsPerBlock)..<((index + 1) * wordsPerBlock)])
    }

    /// The compression function G(X, Y): R = X ^ Y, the BLAKE2b-based permutation P on each row of eight 16-byte
    /// registers and then on each column, and the result XORed with R.
    static func compress(_ x: [UInt64], _ y: [UInt64]) -> [UInt64] {
        var r = [UInt64](repeating: 0, count: wordsPerBlock)
        for word in 0..<wordsPerBlock { r[word] = x[word] ^ y[word] }
        var z = r
        for indices in rowIndices { permute(&z, indices) }
        for indices in columnIndices { permute(&z, indices) }
        for word in 0..<wordsPerBlock { z[word] ^= r[word] }
        return z
    }

    /// The 16 words of each row of registers, then of each column (a register is two adjacent words).
    private static let rowIndices: [[Int]] = (0..<8).map { row in (0..<16).map { row * 16 + $0 } }
    private static let columnIndices: [[Int]] = (0..<8).map { column in
        var indices: [Int] = []
        for register in 0..<8 {
            let first: Int = 2 * column + 16 * register
            indices.append(first)
            indices.append(first + 1)
        }
        return indices
    }

    private static func permute(_ v: inout [UInt64], _ i: [Int]) {
        mix(&v, i[0], i[4], i[8], i[12])
        mix(&v, i[1], i[5], i[9], i[13])
        mix(&v, i[2], i[6], i[10], i[14])
        mix(&v, i[3], i[7], i[11], i[15])
        mix(&v, i[0], i[5], i[10], i[15])
        mix(&v, i[1], i[6], i[11], i[12])
        mix(&v, i[2], i[7], i[8], i[13])
        mix(&v, i[3], i[4], i[9], i[14])
    }

    /// GB: BLAKE2b's G with the additions replaced by a + b + 2 * lo32(a) * lo32(b).
    private static func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        v[a] = blaMka(v[a], v[b])
        v[d] = Blake2b.rotateRight(v[d] ^ v[a], 32)
        v[c] = blaMka(v[c], v[d])
        v[b] = Blake2b.rotateRight(v[b] ^ v[c], 24)
        v[a] = blaMka(v[a], v[b])
        v[d] = Blake2b.rotateRight(v[d] ^ v[a], 16)
        v[c] = blaMka(v[c], v[d])
        v[b] = Blake2b.rotateRight(v[b] ^ v[c], 63)
    }

    @inline(__always)
    private static func blaMka(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product: UInt64 = (x & 0xFFFF_FFFF) &* (y & 0xFFFF_FFFF)
        return x &+ y &+ (product &<< 1)
    }

    /// H' (RFC 9106 section 3.3): BLAKE2b stretched to any length.
    static func variableHash(_ input: [UInt8], length: Int) -> [UInt8] {
        let prefixed = littleEndian(UInt32(length)) + input
        guard length > 64 else { return Blake2b.hash(prefixed, digestLength: length) }
        let rounds = (length + 31) / 32 - 2
        var value = Blake2b.hash(prefixed, digestLength: 64)
        var output = Array(value.prefix(32))
        for _ in 1..<rounds {
            value = Blake2b.hash(value, digestLength: 64)
            output += value.prefix(32)
        }
        output += Blake2b.hash(value, digestLength: length - 32 * rounds)
        return output
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
