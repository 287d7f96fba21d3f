import NIOCore
import NIOEmbedded
import NIOTLS
import TernIMAPServer
import Testing

@testable import TernServer

/// The last handler of an IMAP pipeline: bytes become `.bytes`, STARTTLS's handshake becomes
/// `.tlsEstablished`, and a ClientHello read before the TLS handler was added is not lost.
@Suite struct IMAPInboundHandlerTests {
    func makeChannel(implicitTLS: Bool = false) throws -> (EmbeddedChannel, IMAPInboundHandler) {
        let handler = IMAPInboundHandler(implicitTLS: implicitTLS)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler)
        return (channel, handler)
    }

    func readAll(_ channel: EmbeddedChannel) throws -> [String] {
        var events: [String] = []
        while let event = try channel.readInbound(as: IMAPInbound.self) {
            switch event {
            case .bytes(let bytes): events.append("bytes:" + String(decoding: bytes.readableBytesView, as: UTF8.self))
            case .tlsEstablished: events.append("tls")
            }
        }
        return events
    }

    @Test func plainBytesPassThrough() throws {
        let (channel, _) = try makeChannel()
        try channel.writeInbound(ByteBuffer(string: "a1 NOOP\r\n"))
        #expect(try readAll(channel) == ["bytes:a1 NOOP\r\n"])
    }

    @Test func handshakeCompletionBecomesTLSEstablished() throws {
        let (channel, _) = try makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        #expect(try readAll(channel) == ["tls"])
    }

    @Test func implicitTLSHandshakeIsNotReported() throws {
        let (channel, _) = try makeChannel(implicitTLS: true)
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        #expect(try readAll(channel).isEmpty)
    }

    /// A read starting with 0x16 (a TLS handshake record) is held; STARTTLS then replays it from the
    /// head of the pipeline (where the TLS handler will be). Here no TLS handler exists, so the replayed
    /// bytes come back through the handler in its TLS state: nothing was dropped.
    @Test func earlyClientHelloIsReplayedAtStartTLS() throws {
        let (channel, handler) = try makeChannel()
        let hello = ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5])
        try channel.writeInbound(hello)
        #expect(try readAll(channel).isEmpty)
        let context = try channel.pipeline.syncOperations.context(handlerType: IMAPInboundHandler.self)
        handler.startTLS(context: context)
        let events = try readAll(channel)
        #expect(events.count == 1)
        #expect(events.first?.hasPrefix("bytes:\u{16}") == true)
    }

    /// A 0x16 byte without STARTTLS is only garbage: it reaches the session with what follows, in order.
    @Test func heldBytesAreReleasedWhenPlainInputFollows() throws {
        let (channel, _) = try makeChannel()
        try channel.writeInbound(ByteBuffer(bytes: [0x16, 0x41]))
        try channel.writeInbound(ByteBuffer(string: "a2 NOOP\r\n"))
        #expect(try readAll(channel) == ["bytes:\u{16}A", "bytes:a2 NOOP\r\n"])
    }
}
