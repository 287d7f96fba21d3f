#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Acknowledges every read at once instead of letting the kernel delay the ACK.
///
/// A client with Nagle's algorithm on (Python's imaplib, many scripts) sends an APPEND literal and
/// then its closing CRLF as two writes; the CRLF waits until the literal is acknowledged, and Linux
/// delays that ACK by up to 40 ms when the receiver answered the previous line quickly (the "+"
/// continuation). Every APPEND then took 40 ms more (measured: 45 ms vs 3.7 ms per small APPEND).
/// Setting TCP_QUICKACK after a read sends a pending ACK immediately (the flag is not sticky, so it
/// is set after every read); one setsockopt per read, beside the read's own syscall.
final class QuickAckHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func channelReadComplete(context: ChannelHandlerContext) {
        #if os(Linux)
        try? context.channel.syncOptions?.setOption(Self.quickAck, value: 1)
        #endif
        context.fireChannelReadComplete()
    }

    #if os(Linux)
    private static let quickAck = ChannelOptions.Types.SocketOption(
        level: NIOBSDSocket.OptionLevel(rawValue: CInt(IPPROTO_TCP)), name: NIOBSDSocket.Option(rawValue: CInt(TCP_QUICKACK)))
    #endif
}
