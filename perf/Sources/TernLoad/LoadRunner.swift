import NIOCore
import NIOPosix
import NIOSSL
import TernIMAP
import TernLoadCore

/// Opens the sessions (spread over the ramp), keeps them going until the end and closes what is left.
final class LoadRunner: Sendable {
    let host: String
    let port: Int
    let group: MultiThreadedEventLoopGroup
    let shared: SessionContext
    /// Implicit TLS when set: a NIOSSLClientHandler in front of each session.
    let tls: NIOSSLContext?

    init(host: String, port: Int, group: MultiThreadedEventLoopGroup, shared: SessionContext, tls: NIOSSLContext?) {
        self.host = host
        self.port = port
        self.group = group
        self.shared = shared
        self.tls = tls
    }

    /// Connects `session` on `loop`; a failed connect counts and ends the session.
    func connect(_ session: NIOLoopBound<SessionState>, on loop: EventLoop) {
        let shared = self.shared
        shared.metrics.count { $0.sessionsStarted += 1 }
        let runner = self
        let tls = self.tls
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let state = session.value
                    state.reconnect = { state in
                        runner.connect(NIOLoopBound(state, eventLoop: loop), on: loop)
                    }
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(SessionHandler(session: state, shared: shared))
                }
            }
            .connect(host: host, port: port)
            .whenComplete { outcome in
                switch outcome {
                case .success(let channel):
                    runner.channels.withLockedValue { $0[ObjectIdentifier(channel)] = channel }
                    channel.closeFuture.whenComplete { _ in
                        runner.channels.withLockedValue { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
                    }
                case .failure:
                    shared.metrics.count { $0.connectFailures += 1 }
                    let state = session.value
                    if !state.ended {
                        state.ended = true
                        shared.metrics.sessionEnded()
                    }
                }
            }
    }

    let channels = NIOLockedValueBox<[ObjectIdentifier: Channel]>([:])

    /// Closes every connection still open (those that did not finish their LOGOUT in time).
    func closeAll() async {
        let open = channels.withLockedValue { Array($0.values) }
        for channel in open { channel.close(promise: nil) }
        for channel in open { try? await channel.closeFuture.get() }
    }

    /// Starts `count` sessions, the i-th at `i * ramp / count` seconds on the run clock.
    func start(count: Int, ramp: Double, makeSession: @escaping @Sendable (Int) -> SessionState) {
        for index in 0..<count {
            let loop = group.next()
            let at = count > 1 ? ramp * Double(index) / Double(count) : 0
            loop.scheduleTask(deadline: shared.clock.deadline(at: at)) {
                self.connect(NIOLoopBound(makeSession(index), eventLoop: loop), on: loop)
            }
        }
    }
}

import NIOConcurrencyHelpers
