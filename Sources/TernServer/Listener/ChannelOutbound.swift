import NIOCore
import TernIMAPServer

/// The session's outbound side over an `NIOAsyncChannel` writer: `write` suspends while the socket
/// is not writable, so a slow reader slows the session instead of filling memory.
struct ChannelOutbound: IMAPOutbound {
    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    func write(_ bytes: ByteBuffer) async throws {
        try await writer.write(bytes)
    }
}
