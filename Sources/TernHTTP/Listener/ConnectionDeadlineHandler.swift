import NIOCore

/// Closes the connection a fixed time after it was set up, whatever it sends: Hummingbird's idle timeout
/// resets on every byte, so a client trickling a request would otherwise hold a socket for as long as it likes.
/// A scraper or a mail client's autoconfiguration lookup needs milliseconds.
final class ConnectionDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
