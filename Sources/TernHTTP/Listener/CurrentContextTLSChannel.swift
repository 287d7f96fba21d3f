import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// HTTPS for the HTTP listener: TLS in front of the HTTP/1 channel, with the context that is current when the
/// connection is accepted (so a certificate reloaded on SIGHUP serves the next connection, as on IMAP). Hummingbird's
/// own TLS channel takes one fixed configuration at start, which a reload could not reach.
struct CurrentContextTLSChannel<Base: HTTPChannelHandler>: HTTPChannelHandler {
    typealias Value = Base.Value

    let base: Base
    let context: @Sendable () -> NIOSSLContext

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context()))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 over TLS with the context `context()` returns at each accept.
    static func http1(configuration: HTTP1Channel.Configuration, tls context: @escaping @Sendable () -> NIOSSLContext)
        -> HTTPServerBuilder
    {
        HTTPServerBuilder { responder in
            CurrentContextTLSChannel(base: HTTP1Channel(responder: responder, configuration: configuration), context: context)
        }
    }
}
