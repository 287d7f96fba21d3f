import NIOCore

/// Pure decrypting core for a whole blob or a planned byte range: feeds the stream opener and
/// trims the plaintext to the requested range. Buffers at most the preamble (≤ 61 bytes) and one
/// sealed chunk.
public struct BlobDecryptor: Sendable {
    private enum State: Sendable {
        case awaitingPreamble(kind: SealedBlobKind, keys: UserKeys, blobID: [UInt8], collected: ByteBuffer)
        case streaming(StreamOpener)
        case finished
    }

    private var state: State
    private var skipBytes: Int
    private var keepBytes: Int?

    /// Decrypts a whole blob whose input starts at byte 0 (the preamble comes from the input).
    public init(kind: SealedBlobKind, keys: UserKeys, blobID: some Collection<UInt8>) {
        state = .awaitingPreamble(kind: kind, keys: keys, blobID: Array(blobID), collected: ByteBuffer())
        skipBytes = 0
        keepBytes = nil
    }

    /// Decrypts the bytes of `plan.ciphertextRange` and yields exactly the planned plaintext.
    public init(preamble: OpenedPreamble, plan: RangedReadPlan) {
        state = .streaming(
            StreamOpener(
                cipher: preamble.cipher,
                firstChunkIndex: plan.firstChunkIndex,
                includesFinalChunk: plan.includesFinalChunk
            )
        )
        skipBytes = plan.skipBytes
        keepBytes = plan.keepBytes
    }

    /// Returns the next non-empty plaintext piece, or `nil` once `input` is used up.
    public mutating func consume(_ input: inout ByteBuffer) throws -> ByteBuffer? {
        while true {
            switch state {
            case .awaitingPreamble(let kind, let keys, let blobID, var collected):
                let want = kind.preambleLength - collected.readableBytes
                guard input.readableBytes > 0, let slice = input.readSlice(length: min(want, input.readableBytes))
                else { return nil }
                collected.writeImmutableBuffer(slice)
                guard collected.readableBytes == kind.preambleLength else {
                    state = .awaitingPreamble(kind: kind, keys: keys, blobID: blobID, collected: collected)
                    return nil
                }
                let preamble = try SealedBlob.openPreamble(
                    collected.readableBytesView,
                    kind: kind,
                    keys: keys,
                    blobID: blobID
                )
                state = .streaming(StreamOpener(cipher: preamble.cipher))
            case .streaming(var opener):
                // Leave the enum while the opener works, so its pending chunk is uniquely referenced
                // and appending to it never copies.
                state = .finished
                let piece = try opener.consume(&input)
                state = .streaming(opener)
                guard let piece else { return nil }
                if let trimmed = trim(piece) { return trimmed }
            case .finished:
                throw TernCryptoError(.invalidParameter, "blob decryptor used after finish")
            }
        }
    }

    /// Opens the last chunk; throws `.truncated` if the input ended early.
    public mutating func finish() throws -> ByteBuffer? {
        defer { state = .finished }
        switch state {
        case .awaitingPreamble:
            throw TernCryptoError(.truncated, "sealed blob ended inside its preamble")
        case .streaming(var opener):
            let last = try opener.finish().flatMap { trim($0) }
            if let keep = keepBytes, keep > 0 {
                throw TernCryptoError(.truncated, "sealed range ended \(keep) bytes short of the plan")
            }
            return last
        case .finished:
            throw TernCryptoError(.invalidParameter, "blob decryptor finished twice")
        }
    }

    private mutating func trim(_ piece: ByteBuffer) -> ByteBuffer? {
        var piece = piece
        let skip = min(skipBytes, piece.readableBytes)
        piece.moveReaderIndex(forwardBy: skip)
        skipBytes -= skip
        if let keep = keepBytes {
            let taken = min(keep, piece.readableBytes)
            piece = piece.getSlice(at: piece.readerIndex, length: taken) ?? ByteBuffer()
            keepBytes = keep - taken
        }
        return piece.readableBytes > 0 ? piece : nil
    }
}
