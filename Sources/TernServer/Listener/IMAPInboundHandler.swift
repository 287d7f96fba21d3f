import NIOCore
import NIOTLS
import TernIMAPServer

/// Last handler of an IMAP connection's pipeline: turns bytes into `IMAPInbound.bytes` and the TLS
/// handshake-completed event into `.tlsEstablished` for the connection loop.
///
/// STARTTLS race: the session writes "OK Begin TLS" and only then asks the shell to add the TLS
/// handler, so the client's ClientHello can be read before that handler is in place. A read that
/// starts like a TLS handshake record (byte 0x16, which no IMAP command can start with) is held
/// back, and `startTLS(with:)` feeds it to the new TLS handler; if plain bytes follow instead, the
/// held read is passed on as ordinary input. At most one read is held (bounded by NIO's read size).
final class IMAPInboundHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = IMAPInbound

    private enum State {
        case plaintext
        /// A read that looks like a ClientHello, waiting for `startTLS(with:)`.
        case holdingHandshake(ByteBuffer)
        case tls
    }

    private var state: State
    /// Implicit-TLS connections start encrypted; their handshake event is not a STARTTLS completion.
    private let reportsHandshake: Bool

    init(implicitTLS: Bool) {
        state = implicitTLS ? .tls : .plaintext
        reportsHandshake = !implicitTLS
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        switch state {
        case .plaintext:
            if bytes.readableBytes > 0, bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) == 0x16 {
                state = .holdingHandshake(bytes)
            } else {
                context.fireChannelRead(wrapInboundOut(.bytes(bytes)))
            }
        case .holdingHandshake(let held):
            // Not a handshake after all (no STARTTLS came): both reads go to the session in order.
            state = .plaintext
            context.fireChannelRead(wrapInboundOut(.bytes(held)))
            context.fireChannelRead(wrapInboundOut(.bytes(bytes)))
        case .tls:
            context.fireChannelRead(wrapInboundOut(.bytes(bytes)))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if reportsHandshake, let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            // NIOSSL fires no channelReadComplete for a handshake without data, and the async
            // channel delivers reads only at a read-complete: without this the event would sit.
            context.fireChannelRead(wrapInboundOut(.tlsEstablished))
            context.fireChannelReadComplete()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Called on the event loop right after the TLS handler was added at the front of the
    /// pipeline: from now on reads are decrypted, and a held ClientHello goes through TLS.
    func startTLS(context: ChannelHandlerContext) {
        let held: ByteBuffer?
        if case .holdingHandshake(let bytes) = state { held = bytes } else { held = nil }
        state = .tls
        if let held {
            context.pipeline.syncOperations.fireChannelRead(NIOAny(held))
            context.pipeline.syncOperations.fireChannelReadComplete()
        }
    }
}
