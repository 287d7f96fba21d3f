import Logging
import NIOCore
import ServiceLifecycle
import TernAuth
import TernLMTP
import TernMail

/// LMTP delivery and the SASL auth endpoint (TernLMTP / TernAuth), bound at start-up and served
/// until graceful shutdown.
struct ProtocolService: Service {
    let name: String
    let listeners: [ProtocolListener]
    let serve: @Sendable ([ProtocolListener]) async throws -> Void
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await serve(listeners) }
        } catch is CancellationError {
            // Graceful shutdown.
        }
        logger.info("\(name) stopped")
    }

    /// `ADDR:PORT` (the port actually bound) or `unix:PATH`.
    static func describe(_ listener: ProtocolListener) -> String {
        guard case .tcp(let host, _) = listener.address, let port = listener.localAddress?.port else {
            return listener.address.description
        }
        return ServerListenAddress.tcp(host: host, port: port).description
    }
}

extension ServerRuntime {
    /// Binds LMTP and the SASL endpoint when configured; returns their services and what was bound.
    static func bindDeliveryServices(
        configuration: ServerConfiguration, mail: MailService, users: StaticUserFile, metrics: ServerMetrics,
        logger: Logger,
        report: inout ServerReport
    ) async throws -> [ProtocolService] {
        var services: [ProtocolService] = []
        if !configuration.listeners.lmtp.isEmpty {
            let lmtp = LMTPServer(
                configuration: LMTPServerConfiguration(
                    listeners: configuration.listeners.lmtp,
                    session: LMTPConfiguration(
                        hostname: configuration.hostname, maxMessageBytes: configuration.limits.maxMessageBytes)),
                mail: mail, recipients: users, logger: logger, metrics: metrics.lmtp)
            let listeners = try await lmtp.bind()
            report.lmtp = listeners.map(ProtocolService.describe)
            services.append(ProtocolService(name: "LMTP", listeners: listeners, serve: lmtp.serve, logger: logger))
        }
        if !configuration.listeners.auth.isEmpty {
            let auth = SASLAuthServer(
                configuration: SASLAuthServerConfiguration(
                    listeners: configuration.listeners.auth,
                    requireSecureTransport: configuration.authEndpoint.requireSecureTransport,
                    trustedPeers: configuration.authEndpoint.trustedPeers),
                authenticator: users, logger: logger, metrics: metrics.sasl)
            let listeners = try await auth.bind()
            report.auth = listeners.map(ProtocolService.describe)
            services.append(ProtocolService(name: "SASL auth", listeners: listeners, serve: auth.serve, logger: logger))
        }
        return services
    }
}
