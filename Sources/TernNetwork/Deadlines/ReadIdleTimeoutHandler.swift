import NIOCore

/// Closes a connection from which nothing was read for `timeout` (a client that went away without closing
/// must not hold a connection slot for ever). Timed by the process's `DeadlineScheduler`, so an idle
/// connection costs one heap entry, and a test's manual clock decides when the timeout passes.
///
/// A read does not move the deadline (that would cost a heap operation per read): it is noted, and when the
/// deadline comes the handler re-arms it at the last read plus the timeout.
public final class ReadIdleTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = NIOAny

    private let timeout: Duration
    private let deadlines: DeadlineScheduler
    private var lastRead: AnyClock.Instant?
    private var timer: UInt64?

    public init(timeout: Duration, deadlines: DeadlineScheduler) {
        self.timeout = timeout
        self.deadlines = deadlines
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = deadlines.now
        context.fireChannelRead(data)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard lastRead == nil else { return }
        lastRead = deadlines.now
        arm(context, at: deadlines.now + timeout)
    }

    private func arm(_ context: ChannelHandlerContext, at instant: AnyClock.Instant) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        timer = deadlines.schedule(at: instant) {
            eventLoop.execute { handler.value.deadlineReached(boundContext.value) }
        }
    }

    private func deadlineReached(_ context: ChannelHandlerContext) {
        guard timer != nil, let lastRead else { return }  // stopped meanwhile
        timer = nil
        let due = lastRead + timeout
        if due <= deadlines.now {
            context.close(promise: nil)
        } else {
            arm(context, at: due)
        }
    }

    private func stop() {
        if let timer { deadlines.cancel(timer) }
        timer = nil
    }
}

@available(*, unavailable)
extension ReadIdleTimeoutHandler: Sendable {}
