import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TernAuth
import TernIMAPServer
import TernMail
import TernStorage

/// Starts a Tern process from a configuration: storage, the mail service, users, TLS and the
/// listeners; serves until SIGTERM or SIGINT. `tern serve` and `tern dev` both end up here.
public enum ServerRuntime {
    /// Users to make sure of before serving (`tern dev`): in the user file and, with keys, in storage.
    public struct Provisioning: Sendable {
        public var users: DevUsers
        public init(users: DevUsers) { self.users = users }
    }

    /// Runs until shutdown. `onReady` is called once every listener is bound, with what was bound.
    public static func run(
        configuration: ServerConfiguration,
        provisioning: Provisioning? = nil,
        logger: Logger,
        onReady: @Sendable (ServerReport) -> Void
    ) async throws {
        // This runtime's S3 connections, watch hubs and probe results; stopped last (see `serve`), or here
        // when start-up fails.
        let storage = try StorageRuntime(s3Pool: configuration.s3Pool)
        do {
            try await serve(
                configuration: configuration, provisioning: provisioning, storage: storage, logger: logger,
                onReady: onReady)
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    private static func serve(
        configuration: ServerConfiguration,
        provisioning: Provisioning?,
        storage: StorageRuntime,
        logger: Logger,
        onReady: @Sendable (ServerReport) -> Void
    ) async throws {
        let secret = try DeploymentSecret.load(file: configuration.deploymentSecretFile)
        let tls = try configuration.tls.map {
            try TLSContextSource(files: $0, engine: configuration.tlsEngine, logger: logger)
        }
        let backend = try await StorageBackend.open(
            configuration.storage, runtime: storage, s3Credentials: configuration.s3Credentials, logger: logger)
        let writer = try await claimWriterSlot(
            configuration: configuration, rows: backend.rows, deploymentSecret: secret, logger: logger)
        var mailConfiguration = try MailServiceConfiguration(
            deploymentSecret: secret, writerSlot: writer.slot, kdf: configuration.kdf,
            quotaBytes: configuration.quotaBytes, maxMessageBytes: configuration.limits.maxMessageBytes)
        mailConfiguration.quietPackDelayMillis = MailServiceConfiguration.standardQuietPackDelayMillis
        mailConfiguration.deliveryRetryWindowMillis = UInt64(configuration.limits.deliveryRetryWindowSeconds) * 1000
        let metrics = ServerMetrics()
        let mail = MailService(
            rows: metrics.instrument(backend.rows), blobs: metrics.instrument(backend.blobs),
            configuration: mailConfiguration, logger: logger, incarnation: writer.incarnation,
            writeGate: writer.gate)

        if let provisioning {
            try provisioning.users.ensureUserFile(at: configuration.userFile)
            let created = try await createStorageUsers(provisioning.users, mail: mail)
            if created > 0 { logger.info("created users in storage", metadata: ["count": "\(created)"]) }
        }
        let gate = try AuthenticationGate(
            decoyParameters: provisioning == nil ? .standard : DevUsers.hashParameters)
        let users = try StaticUserFile(path: configuration.userFile, gate: gate, logger: logger)

        let limits = IMAPServerLimits(
            maxAppendSize: UInt64(configuration.limits.maxMessageBytes),
            maxAppendBatchBytes: UInt64(configuration.limits.maxAppendBatchBytes), quotaBytes: configuration.quotaBytes,
            idleTimeout: .seconds(configuration.limits.idleTimeoutSeconds),
            queryTimeBudget: configuration.limits.queryTimeoutSeconds == 0
                ? nil : .seconds(configuration.limits.queryTimeoutSeconds),
            queryMaxKeyBytes: configuration.limits.queryMaxKeyBytes)
        let context = IMAPServerContext(
            mail: mail, authenticator: users, limits: limits,
            loginDisabledWithoutTLS: configuration.loginDisabledWithoutTLS, hostname: configuration.hostname,
            logger: logger, metrics: metrics.imap)

        let group = MultiThreadedEventLoopGroup.singleton
        var listeners: [IMAPListener] = []
        var report = ServerReport()
        report.certificateFingerprint = tls?.current.fingerprint
        report.writerSlot = writer.slot
        let timeouts = IMAPListener.Timeouts(
            preLogin: .seconds(configuration.limits.preLoginTimeoutSeconds),
            tlsHandshake: .seconds(configuration.limits.tlsHandshakeTimeoutSeconds))
        for address in configuration.listeners.imap {
            let listener = try await IMAPListener.bind(
                address, security: .plain(startTLS: tls), timeouts: timeouts, group: group)
            listeners.append(listener)
            report.imap.append(listener.boundAddress)
        }
        if let tls {
            for address in configuration.listeners.imaps {
                let listener = try await IMAPListener.bind(
                    address, security: .implicitTLS(tls), timeouts: timeouts, group: group)
                listeners.append(listener)
                report.imaps.append(listener.boundAddress)
            }
        }
        let deliveryServices = try await bindDeliveryServices(
            configuration: configuration, mail: mail, users: users, metrics: metrics, deadlines: context.deadlines,
            logger: logger, report: &report)
        let sessions = SessionRegistry(
            limits: ConnectionCaps.Limits(
                maxConnections: configuration.limits.maxConnections,
                maxPerAddress: configuration.limits.maxConnectionsPerIP,
                maxPerUserAddress: configuration.limits.maxConnectionsPerUserIP))
        let httpListeners = httpListeners(
            configuration, imap: IMAPPorts(plain: report.imap.map(\.port), implicitTLS: report.imaps.map(\.port)),
            metrics: metricsRegistry(
                configuration.listeners.metrics, registry: metrics.registry, mail: mail, sessions: sessions,
                s3: s3PoolGauges(configuration, storage: storage)),
            mail: mail, tls: tls, logger: logger)
        for listener in listeners {
            logger.info("listening", metadata: ["listen": "\(listener.boundAddress)", "protocol": "\(listener.security.name)"])
        }
        let systemd = SystemdNotifier.forThisProcess()

        // Graceful shutdown reaches services in reverse order, one after the other: systemd hears STOPPING=1
        // first; then the IMAP listeners stop accepting and close their sessions; then LMTP and SASL; then the mail
        // service's background work (imports of delivered mail); then the writer slot's lease is released; storage
        // (S3 connections, watch pollers) last, once nothing calls it any more.
        let services: [any Service] =
            [storage, WriterSlotService(keeper: writer), MailBackgroundService(mail: mail)] + deliveryServices
            + [ListenerService.imap(listeners, context: context, sessions: sessions), UserFileService(users: users)]
            + (tls.map { [TLSReloadService(tls: $0)] } ?? [])
            + (systemd.map { [SystemdNotifyService(notifier: $0, logger: logger)] } ?? [])
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: (services + httpListeners).map {
                    ServiceGroupConfiguration.ServiceConfiguration(service: $0)
                },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        // The HTTP listeners bind inside the group (Hummingbird binds when it runs): ready once they have.
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await serviceGroup.run() }
            guard await reportBound(httpListeners, into: &report) else { return }
            onReady(report)
            if let systemd, !systemd.send("READY=1") {
                logger.warning("could not tell systemd that the server is ready (NOTIFY_SOCKET)")
            }
        }
        logger.info("stopped")
    }

    /// Creates storage keys for the users that have none yet, a few at a time; returns how many.
    /// Another process on the same storage may create the same user at the same moment: that is fine.
    static func createStorageUsers(_ users: DevUsers, mail: MailService) async throws -> Int {
        let parallel = 4
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            var created = 0
            var pending = users.all[...]
            func startNext(_ group: inout ThrowingTaskGroup<Bool, any Error>) {
                guard let user = pending.popFirst() else { return }
                group.addTask {
                    if try await mail.userExists(login: user.login) { return false }
                    do {
                        try await mail.createUser(login: user.login, password: user.password)
                        return true
                    } catch let error as MailError where error.code == .userExists {
                        return false
                    }
                }
            }
            for _ in 0..<parallel { startNext(&group) }
            while let wasCreated = try await group.next() {
                if wasCreated { created += 1 }
                startNext(&group)
            }
            return created
        }
    }
}
