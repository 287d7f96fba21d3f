import NIOCore

extension SealedBlob {
    /// Upper bound for the one-shot helpers; larger values must go through the streaming API.
    public static let oneShotLimit = 16 * 1024 * 1024

    /// Seals a small value (a row, a checkpoint) in one call. Same format as the streaming path.
    public static func seal(_ plaintext: ByteBuffer, with sealer: StreamSealer) throws -> ByteBuffer {
        guard plaintext.readableBytes <= oneShotLimit else {
            throw TernCryptoError(
                .invalidParameter,
                "one-shot seal of \(plaintext.readableBytes) bytes exceeds the limit"
            )
        }
        var sealer = sealer
        var input = plaintext
        var output = sealer.preamble
        while let chunk = try sealer.consume(&input) { output.writeImmutableBuffer(chunk) }
        output.writeImmutableBuffer(try sealer.finish())
        return output
    }

    /// Opens a value sealed by `seal`. Accepts up to twice the limit of sealed input (small chunk
    /// sizes add up to 16 bytes per chunk); the output is always smaller than the input.
    public static func open(_ sealed: ByteBuffer, with decryptor: BlobDecryptor) throws -> ByteBuffer {
        guard sealed.readableBytes <= 2 * oneShotLimit else {
            throw TernCryptoError(.invalidParameter, "one-shot open of \(sealed.readableBytes) bytes exceeds the limit")
        }
        var decryptor = decryptor
        var input = sealed
        var output = ByteBuffer()
        while let piece = try decryptor.consume(&input) { output.writeImmutableBuffer(piece) }
        if let last = try decryptor.finish() { output.writeImmutableBuffer(last) }
        return output
    }
}
