import COpenSSL
import Logging
import NIOCore
import NIOTLS

/// The server side of TLS on the system OpenSSL, for the IMAP listeners when `[tls] engine = "openssl"`. One
/// `SSL` per connection over two memory BIOs: ciphertext read from the socket is written into the input BIO,
/// whatever OpenSSL writes into the output BIO is sent on. The context's `SSL_MODE_RELEASE_BUFFERS` frees the
/// record buffers whenever they are empty, and the memory BIOs (which keep their largest size) are replaced by
/// fresh ones once drained, so an idle session holds the `SSL` and no buffer.
///
/// Fires `TLSUserEvent.handshakeCompleted` like NIOSSL, so `TLSHandshakeDeadlineHandler` and the STARTTLS
/// completion in `IMAPInboundHandler` work with either engine. Writes made before the handshake finished (the
/// implicit-TLS greeting) are held and sent after it; the protocol bounds them (the session writes nothing more
/// until a command arrives, and none can before the handshake). A peer's close_notify is answered with ours and
/// the connection closed; closing sends our close_notify first. Any TLS error closes the connection after
/// sending OpenSSL's alert, with a log line giving OpenSSL's reason and the peer (the session's own close line may
/// only see the closed channel).
final class OpenSSLServerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case open
        case closed
    }

    /// Largest plaintext buffer passed on per `SSL_read`: one TLS record.
    static let maximumReadChunk = 16 * 1024
    /// Plaintext encrypted per step of a large write, so the output BIO and its copy stay this size.
    static let maximumWriteChunk = 64 * 1024

    private let tlsContext: OpenSSLServerContext
    private let logger: Logger
    /// The `SSL`, nil before `handlerAdded` and after `handlerRemoved`.
    private var connection: OpaquePointer?
    private var state = State.handshaking
    private var writesBeforeHandshake = CircularBuffer<(ByteBuffer, EventLoopPromise<Void>?)>()
    private var deliveredPlaintext = false

    init(context: OpenSSLServerContext, logger: Logger) {
        tlsContext = context
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        ERR_clear_error()
        guard let connection = SSL_new(tlsContext.pointer) else {
            fail(context, OpenSSLConnectionError(.setupFailed, OpenSSLServerContext.drainErrors()))
            return
        }
        self.connection = connection
        SSL_set_accept_state(connection)
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            fail(context, OpenSSLConnectionError(.setupFailed, "cannot allocate memory BIOs"))
            return
        }
        SSL_set_bio(connection, input, output)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        state = .closed
        failWritesBeforeHandshake(ChannelError.ioOnClosedChannel)
        if let connection { SSL_free(connection) }
        connection = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        failWritesBeforeHandshake(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed, let connection else { return }
        let ciphertext = unwrapInboundIn(data)
        let written = ciphertext.withUnsafeReadableBytes { bytes in
            bytes.isEmpty ? 0 : BIO_write(SSL_get_rbio(connection), bytes.baseAddress, Int32(bytes.count))
        }
        guard written == ciphertext.readableBytes else {
            fail(context, OpenSSLConnectionError(.setupFailed, "cannot buffer \(ciphertext.readableBytes) bytes"))
            return
        }
        if state == .handshaking { handshake(context) }
        if state == .open { readPlaintext(context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if let connection, BIO_ctrl_pending(SSL_get_rbio(connection)) == 0,
            tern_bio_mem_capacity(SSL_get_rbio(connection)) > 0, let fresh = BIO_new(BIO_s_mem())
        {
            SSL_set0_rbio(connection, fresh)
        }
        if deliveredPlaintext {
            deliveredPlaintext = false
            context.fireChannelReadComplete()
        } else if state != .closed, (try? context.channel.syncOptions?.getOption(ChannelOptions.autoRead)) == false {
            // Only handshake bytes came: nobody downstream saw a read to ask for the next one.
            context.read()
        }
    }

    private func handshake(_ context: ChannelHandlerContext) {
        guard let connection else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(connection)
        guard result == 1 else {
            switch SSL_get_error(connection, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                sendOutput(context)
            default:
                fail(context, OpenSSLConnectionError(.handshakeFailed, OpenSSLServerContext.drainErrors()))
            }
            return
        }
        state = .open
        sendOutput(context)
        context.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        while state == .open, let (plaintext, promise) = writesBeforeHandshake.popFirst() {
            encrypt(context, plaintext, promise: promise)
        }
        if state == .open { flushOutput(context) }
    }

    /// Decrypts whatever whole records the input BIO holds and passes each piece on.
    private func readPlaintext(_ context: ChannelHandlerContext) {
        while state == .open, let connection {
            // Plaintext never outgrows the ciphertext it came from, so this bounds the buffer to the data.
            let ready = Int(BIO_ctrl_pending(SSL_get_rbio(connection))) + Int(SSL_pending(connection))
            guard ready > 0 || SSL_has_pending(connection) == 1 else { return }
            let capacity = ready > 0 ? min(ready, Self.maximumReadChunk) : Self.maximumReadChunk
            var plaintext = context.channel.allocator.buffer(capacity: capacity)
            var result: Int32 = 0
            plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { space in
                ERR_clear_error()
                result = SSL_read(connection, space.baseAddress, Int32(capacity))
                return result > 0 ? Int(result) : 0
            }
            if result > 0 {
                deliveredPlaintext = true
                context.fireChannelRead(wrapInboundOut(plaintext))
                continue
            }
            switch SSL_get_error(connection, result) {
            case SSL_ERROR_WANT_READ:
                // Anything OpenSSL answered on its own (a KeyUpdate, a no_renegotiation alert) goes out now.
                sendOutput(context)
                return
            case SSL_ERROR_ZERO_RETURN:
                if deliveredPlaintext {
                    deliveredPlaintext = false
                    context.fireChannelReadComplete()
                }
                close(context: context, mode: .all, promise: nil)
                return
            default:
                fail(context, OpenSSLConnectionError(.protocolError, OpenSSLServerContext.drainErrors()))
                return
            }
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .handshaking: writesBeforeHandshake.append((unwrapOutboundIn(data), promise))
        case .open: encrypt(context, unwrapOutboundIn(data), promise: promise)
        case .closed: promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    func flush(context: ChannelHandlerContext) {
        // Before the handshake the held writes are flushed when it completes.
        if state == .open { flushOutput(context) }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode != .input, state == .open, let connection {
            state = .closed
            // Queues our close_notify; the peer's answer is not awaited (RFC 8446 6.1 allows closing the read side).
            ERR_clear_error()
            _ = SSL_shutdown(connection)
            sendOutput(context)
        } else if mode != .input {
            state = .closed
        }
        failWritesBeforeHandshake(ChannelError.ioOnClosedChannel)
        context.close(mode: mode, promise: promise)
    }

    /// Encrypts in steps of `maximumWriteChunk`; the promise completes with the write of the last step.
    private func encrypt(_ context: ChannelHandlerContext, _ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?) {
        var remaining = plaintext
        repeat {
            guard state == .open, let connection else {
                promise?.fail(ChannelError.ioOnClosedChannel)
                return
            }
            var step = remaining.readSlice(length: min(remaining.readableBytes, Self.maximumWriteChunk))!
            while step.readableBytes > 0 {
                ERR_clear_error()
                let written = step.withUnsafeReadableBytes { SSL_write(connection, $0.baseAddress, Int32($0.count)) }
                guard written > 0 else {
                    let error = OpenSSLConnectionError(.protocolError, OpenSSLServerContext.drainErrors())
                    promise?.fail(error)
                    fail(context, error)
                    return
                }
                step.moveReaderIndex(forwardBy: Int(written))
            }
            writeOutput(context, promise: remaining.readableBytes == 0 ? promise : nil)
        } while remaining.readableBytes > 0
    }

    /// Passes on what OpenSSL wrote into the output BIO, without flushing (an empty write still completes
    /// `promise`).
    private func writeOutput(_ context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let connection else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let output = SSL_get_wbio(connection)
        let pending = Int(BIO_ctrl_pending(output))
        guard pending > 0 else {
            if let promise {
                context.write(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
            }
            return
        }
        var ciphertext = context.channel.allocator.buffer(capacity: pending)
        ciphertext.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { space in
            Int(max(0, BIO_read(output, space.baseAddress, Int32(pending))))
        }
        context.write(wrapOutboundOut(ciphertext), promise: promise)
    }

    /// Flushes, then swaps the drained output BIO for a fresh one so its buffer is freed.
    private func flushOutput(_ context: ChannelHandlerContext) {
        context.flush()
        if let connection, BIO_ctrl_pending(SSL_get_wbio(connection)) == 0,
            tern_bio_mem_capacity(SSL_get_wbio(connection)) > 0, let fresh = BIO_new(BIO_s_mem())
        {
            SSL_set0_wbio(connection, fresh)
        }
    }

    private func sendOutput(_ context: ChannelHandlerContext) {
        writeOutput(context, promise: nil)
        flushOutput(context)
    }

    /// Sends the alert OpenSSL queued, if any, logs and tells the pipeline why, and closes.
    private func fail(_ context: ChannelHandlerContext, _ error: OpenSSLConnectionError) {
        guard state != .closed else { return }
        state = .closed
        let remote = context.channel.remoteAddress.map(IMAPListener.describe) ?? "-"
        logger.info("TLS error, closing the connection", metadata: ["remote": "\(remote)", "error": "\(error)"])
        sendOutput(context)
        failWritesBeforeHandshake(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failWritesBeforeHandshake(_ error: any Error) {
        while let (_, promise) = writesBeforeHandshake.popFirst() { promise?.fail(error) }
    }
}
