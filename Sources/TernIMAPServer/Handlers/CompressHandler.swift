import NIOCore
import TernIMAP

/// COMPRESS DEFLATE (RFC 4978). The state machine has already refused it before login, for another
/// mechanism and a second time. Compression runs here, around the parser and the response writer,
/// rather than in a channel handler: only the parser knows where the command's CRLF ended, and every
/// byte the client sent after it (possibly read already) is compressed. The bytes leave the session
/// compressed, so TLS, further down the pipeline, encrypts compressed data as RFC 4978 3 requires.
extension IMAPSession {
    func compress(tag: Tag) async throws -> Completion {
        let deflater: RawDeflater
        let inflater: RawInflater
        do {
            deflater = try RawDeflater()
            inflater = try RawInflater()
        } catch {
            logger.error("compression unavailable", metadata: ["error": "\(error)"])
            return .no(.serverBug, "Compression is unavailable")
        }
        // The tagged OK is the last uncompressed response; everything after its CRLF is compressed.
        try await writer.tagged(tag, .ok, "DEFLATE active")
        try await writer.flush()
        writer.compress(with: deflater)
        info.farewell.compressionStarted(deflater)
        machine.compressionStarted()
        var decompression = CompressedInput(inflater: inflater)
        decompression.received(input)
        input = ByteBuffer()
        compressedInput = decompression
        logger.info("COMPRESS DEFLATE active")
        return .answered
    }

    /// Takes a read from the client: as it is, or queued for decompression once COMPRESS is active.
    func received(_ bytes: ByteBuffer) {
        if compressedInput != nil {
            compressedInput?.received(bytes)
        } else {
            input = bytes
        }
    }

    /// Puts the next decompressed piece of input already received into `input` (true), or returns
    /// false when there is none and the caller must wait for the client. Input that is not valid
    /// DEFLATE ends the session with BYE: nothing after it can be understood.
    func decompressReceivedInput() async throws -> Bool {
        guard compressedInput != nil else { return false }
        do {
            guard let piece = try compressedInput?.next() else { return false }
            input = piece
            return true
        } catch {
            logger.info("invalid compressed input", metadata: ["error": "\(error)"])
            compressedInput = nil
            try await writer.untagged(.bye(ResponseText(text: "Invalid compressed data, closing")))
            throw SessionTermination(end: .error("invalid compressed input"))
        }
    }
}
