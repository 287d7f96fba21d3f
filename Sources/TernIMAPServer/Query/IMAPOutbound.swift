import NIOCore

/// Where a session's response bytes go. `write` returns once the bytes are accepted, waiting while the
/// socket is full, so a slow client slows the producer (back-pressure) instead of growing a buffer.
public protocol IMAPOutbound: Sendable {
    func write(_ bytes: ByteBuffer) async throws
}
