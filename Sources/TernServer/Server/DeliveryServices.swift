import Logging
import NIOCore
import ServiceLifecycle
import TernAuth
import TernLMTP
import TernMail
import TernNetwork

/// `ADDR:PORT` (the port actually bound) or `unix:PATH`.
private func describe(_ listener: ProtocolListener) -> String {
    listener.boundAddress.description
}

extension ServerRuntime {
    /// Binds LMTP and the SASL endpoint when configured (TernLMTP / TernAuth, on TernNetwork's listener);
    /// returns their services, served until graceful shutdown, and what was bound. `deadlines`: the process's one
    /// deadline timer (IMAP's), which times their read idle timeout too.
    static func bindDeliveryServices(
        configuration: ServerConfiguration, mail: MailService, users: StaticUserFile, metrics: ServerMetrics,
        deadlines: DeadlineScheduler, logger: Logger,
        report: inout ServerReport
    ) async throws -> [ListenerService] {
        var services: [ListenerService] = []
        if !configuration.listeners.lmtp.isEmpty {
            let lmtp = LMTPServer(
                configuration: LMTPServerConfiguration(
                    listeners: configuration.listeners.lmtp,
                    session: LMTPConfiguration(
                        hostname: configuration.hostname, maxMessageBytes: configuration.limits.maxMessageBytes)),
                mail: mail, recipients: users, logger: logger, metrics: metrics.lmtp, deadlines: deadlines)
            let listeners = try await lmtp.bind()
            report.lmtp = listeners.map(describe)
            services.append(ListenerService(name: "LMTP", serve: { try await lmtp.serve(listeners) }, logger: logger))
        }
        if !configuration.listeners.auth.isEmpty {
            let auth = SASLAuthServer(
                configuration: SASLAuthServerConfiguration(
                    listeners: configuration.listeners.auth,
                    requireSecureTransport: configuration.authEndpoint.requireSecureTransport,
                    trustedPeers: configuration.authEndpoint.trustedPeers),
                authenticator: users, logger: logger, metrics: metrics.sasl, deadlines: deadlines)
            let listeners = try await auth.bind()
            report.auth = listeners.map(describe)
            services.append(
                ListenerService(name: "SASL auth", serve: { try await auth.serve(listeners) }, logger: logger))
        }
        return services
    }
}
