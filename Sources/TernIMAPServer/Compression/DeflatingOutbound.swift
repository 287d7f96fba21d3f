import NIOCore

/// The session's outbound once COMPRESS DEFLATE answered OK: each write is compressed and ends in a
/// sync flush (so a response batch never waits in the compressor), and goes out in chunks of at most
/// `chunkSize` bytes, each awaited, so back-pressure from the socket still holds.
struct DeflatingOutbound: IMAPOutbound {
    static let chunkSize = 16 * 1024
    let base: any IMAPOutbound
    let deflater: RawDeflater

    func write(_ bytes: ByteBuffer) async throws {
        guard bytes.readableBytes > 0 else { return }
        var input = bytes
        while true {
            var output = ByteBufferAllocator().buffer(capacity: Self.chunkSize)
            let finished = try deflater.compress(&input, into: &output)
            if output.readableBytes > 0 {
                do {
                    try await base.write(output)
                } catch {
                    deflater.markOutputLost()
                    throw error
                }
            }
            if finished { return }
        }
    }
}
