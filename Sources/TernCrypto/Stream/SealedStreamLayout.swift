/// Sizes of a sealed stream as pure functions, so ranged reads can be planned from the object size
/// alone. A stream of P plaintext bytes with chunk size C has n = max(1, ceil(P / C)) chunks (an
/// empty blob is one empty final chunk) and is `preambleLength + P + 16·n` bytes long.
public struct SealedStreamLayout: Hashable, Sendable {
    public let chunkSize: Int
    /// Bytes before chunk 0: the stream header, plus the recipient envelope for blobs sealed to a
    /// public key.
    public let preambleLength: Int

    public init(chunkSize: Int, preambleLength: Int = SealedStreamHeader.byteCount) {
        self.chunkSize = chunkSize
        self.preambleLength = preambleLength
    }

    public var sealedChunkSize: Int { chunkSize + ChunkCipher.tagLength }

    public func chunkCount(plaintextLength: Int) -> Int {
        max(1, (plaintextLength + chunkSize - 1) / chunkSize)
    }

    public func ciphertextLength(plaintextLength: Int) -> Int {
        preambleLength + plaintextLength + ChunkCipher.tagLength * chunkCount(plaintextLength: plaintextLength)
    }

    /// The inverse of `ciphertextLength`; `.malformed` for a length no plaintext seals to.
    public func plaintextLength(ciphertextLength: Int) throws -> Int {
        let body = ciphertextLength - preambleLength
        let fullChunks = body / sealedChunkSize
        let rest = body % sealedChunkSize
        let valid: Bool
        if body < ChunkCipher.tagLength {
            valid = false
        } else if rest == 0 {
            valid = true
        } else {
            // A partial last chunk carries at least one byte, or it is the empty blob's only chunk.
            valid = rest > ChunkCipher.tagLength || (rest == ChunkCipher.tagLength && fullChunks == 0)
        }
        guard valid else {
            throw TernCryptoError(.malformed, "\(ciphertextLength) bytes is not a sealed stream length")
        }
        let chunks = fullChunks + (rest == 0 ? 0 : 1)
        return body - ChunkCipher.tagLength * chunks
    }

    /// The plan for reading the whole blob: every chunk, the last one as final. Unlike
    /// `readPlan(plaintextRange: 0..<0, ...)` this still authenticates an empty blob's only chunk.
    public func wholeBlobPlan(plaintextLength: Int) -> RangedReadPlan {
        RangedReadPlan(
            preambleRange: 0..<preambleLength,
            ciphertextRange: preambleLength..<ciphertextLength(plaintextLength: plaintextLength),
            firstChunkIndex: 0,
            includesFinalChunk: true,
            skipBytes: 0,
            keepBytes: plaintextLength
        )
    }

    /// What to fetch to read `plaintextRange` (clamped to the blob), and what to keep of it.
    public func readPlan(plaintextRange: Range<Int>, plaintextLength: Int) -> RangedReadPlan {
        let lower = min(max(plaintextRange.lowerBound, 0), plaintextLength)
        let upper = min(max(plaintextRange.upperBound, lower), plaintextLength)
        guard upper > lower else {
            return RangedReadPlan(
                preambleRange: 0..<preambleLength,
                ciphertextRange: preambleLength..<preambleLength,
                firstChunkIndex: 0,
                includesFinalChunk: false,
                skipBytes: 0,
                keepBytes: 0
            )
        }
        let firstChunk = lower / chunkSize
        let lastChunk = (upper - 1) / chunkSize
        let totalLength = ciphertextLength(plaintextLength: plaintextLength)
        let start = preambleLength + firstChunk * sealedChunkSize
        let end = min(preambleLength + (lastChunk + 1) * sealedChunkSize, totalLength)
        return RangedReadPlan(
            preambleRange: 0..<preambleLength,
            ciphertextRange: start..<end,
            firstChunkIndex: firstChunk,
            includesFinalChunk: lastChunk == chunkCount(plaintextLength: plaintextLength) - 1,
            skipBytes: lower - firstChunk * chunkSize,
            keepBytes: upper - lower
        )
    }
}

/// A plaintext byte range mapped onto a sealed stream: fetch `preambleRange` (or reuse it) and
/// `ciphertextRange`, decrypt the chunks from `firstChunkIndex`, drop `skipBytes`, keep `keepBytes`.
public struct RangedReadPlan: Hashable, Sendable {
    public let preambleRange: Range<Int>
    public let ciphertextRange: Range<Int>
    public let firstChunkIndex: Int
    /// Whether the fetched chunks run to the end of the blob (the last one carries the final flag).
    public let includesFinalChunk: Bool
    public let skipBytes: Int
    public let keepBytes: Int
}
