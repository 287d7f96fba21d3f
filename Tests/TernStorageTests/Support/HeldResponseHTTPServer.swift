import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server that answers every request with 200 "ok", but only once `release()` has
/// been called: a request sent before that stays in flight, which is what shutdown-order tests need.
/// `received` yields once per request as it arrives.
final class HeldResponseHTTPServer: Sendable {
    let channel: any Channel
    let received: AsyncStream<Void>
    private let gate: EventLoopPromise<Void>

    var port: Int { channel.localAddress?.port ?? 0 }

    init() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let gate = group.next().makePromise(of: Void.self)
        let (received, arrivals) = AsyncStream<Void>.makeStream()
        self.gate = gate
        self.received = received
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        HeldResponder(gate: gate.futureResult, arrivals: arrivals))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func release() { gate.succeed() }

    func close() async {
        gate.succeed()
        try? await channel.close()
    }
}

private final class HeldResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let gate: EventLoopFuture<Void>
    let arrivals: AsyncStream<Void>.Continuation

    init(gate: EventLoopFuture<Void>, arrivals: AsyncStream<Void>.Continuation) {
        self.gate = gate
        self.arrivals = arrivals
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        arrivals.yield()
        let channel = context.channel
        gate.hop(to: context.eventLoop).whenSuccess {
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "Content-Length", value: "2")
            channel.write(HTTPServerResponsePart.head(head), promise: nil)
            channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: "ok"))), promise: nil)
            channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }
}
