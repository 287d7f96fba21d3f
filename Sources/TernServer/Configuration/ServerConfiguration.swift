import Logging
import TernAuth
import TernCrypto
import TernStorage

/// Everything a Tern process needs to start: what `tern serve --config FILE` reads from TOML and
/// what `tern dev` builds from its flags. Reference with every key: docs/admin.md.
public struct ServerConfiguration: Sendable {
    /// Addresses to listen on, per protocol; an empty list disables that listener.
    public struct Listeners: Hashable, Sendable {
        /// Plain IMAP with STARTTLS (when TLS is configured).
        public var imap: [ListenAddress]
        /// Implicit-TLS IMAP.
        public var imaps: [ListenAddress]
        /// LMTP delivery (TCP `ADDR:PORT` or `unix:PATH`).
        public var lmtp: [ServerListenAddress]
        /// Dovecot-compatible SASL authentication endpoint for Postfix (TCP or `unix:PATH`).
        public var auth: [ServerListenAddress]
        /// Prometheus text at `GET /metrics` (jemalloc heap, RSS, CPU, sessions). Loopback or a
        /// scrape network only: it carries no user data, but it is not authenticated.
        public var metrics: [ListenAddress]
        /// Public HTTP: client autoconfiguration (Thunderbird, K-9, FairEmail, Outlook) when `[autoconfig]` is on.
        public var http: [ListenAddress]
        /// The same over TLS with the `[tls]` certificate (Outlook asks Autodiscover over HTTPS only).
        public var https: [ListenAddress]

        public init(imap: [ListenAddress] = [], imaps: [ListenAddress] = [], lmtp: [ServerListenAddress] = [],
                    auth: [ServerListenAddress] = [], metrics: [ListenAddress] = [], http: [ListenAddress] = [],
                    https: [ListenAddress] = []) {
            self.imap = imap
            self.imaps = imaps
            self.lmtp = lmtp
            self.auth = auth
            self.metrics = metrics
            self.http = http
            self.https = https
        }
    }

    /// PEM files of the server certificate (chain, leaf first) and its private key.
    public struct TLSFiles: Hashable, Sendable {
        public var certificatePath: String
        public var keyPath: String

        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// Bounds applied by the server shell (the session applies its own from `IMAPServerLimits`).
    public struct Limits: Hashable, Sendable {
        /// Largest message accepted by APPEND (advertised as APPENDLIMIT) and LMTP.
        public var maxMessageBytes: Int
        /// Open IMAP connections per process; connections past it are closed after a BYE.
        public var maxConnections: Int
        /// Idle seconds before an IDLE session is logged out (RFC 9051 asks for at least 30 minutes).
        public var idleTimeoutSeconds: Int
        /// Open IMAP connections from one IP address (IPv6: one /64), logged in or not; more get `* BYE [LIMIT]`.
        public var maxConnectionsPerIP: Int
        /// Logged-in IMAP connections of one user from one IP address (Dovecot's mail_max_userip_connections);
        /// one more login gets `* BYE [LIMIT]`.
        public var maxConnectionsPerUserIP: Int
        /// Seconds from connect to a successful login; then `* BYE` and close. Only a login stops it.
        public var preLoginTimeoutSeconds: Int
        /// Seconds a TLS handshake (implicit TLS or after STARTTLS) may take before the connection is closed.
        public var tlsHandshakeTimeoutSeconds: Int
        /// Seconds one SEARCH, SORT or THREAD may work before it ends with `NO [LIMIT]` (0 = no limit).
        public var queryTimeoutSeconds: Int = 120
        /// Bytes of sort and thread keys one SORT or THREAD may hold for its matches; more get `NO [LIMIT]`.
        public var queryMaxKeyBytes: Int = 64 << 20
        /// Bytes one APPEND command may carry over all its messages (MULTIAPPEND stages them all before
        /// publishing any); more get `NO [LIMIT]`.
        public var maxAppendBatchBytes: Int = 256 << 20
        /// Seconds an LMTP delivery is remembered so that the MTA's retry of a copy already stored (its 250 was
        /// lost to a crash or a cut connection) is answered with it instead of stored twice; 0 turns that off.
        /// Default: Postfix's maximal_queue_lifetime, 5 days.
        public var deliveryRetryWindowSeconds: Int = 5 * 86_400

        public static let defaultMaxMessageBytes = 50 << 20

        public init(maxMessageBytes: Int = Self.defaultMaxMessageBytes, maxConnections: Int = 20_000,
                    idleTimeoutSeconds: Int = 30 * 60, maxConnectionsPerIP: Int = 100,
                    maxConnectionsPerUserIP: Int = 10, preLoginTimeoutSeconds: Int = 60,
                    tlsHandshakeTimeoutSeconds: Int = 20) {
            self.maxMessageBytes = maxMessageBytes
            self.maxConnections = maxConnections
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.maxConnectionsPerIP = maxConnectionsPerIP
            self.maxConnectionsPerUserIP = maxConnectionsPerUserIP
            self.preLoginTimeoutSeconds = preLoginTimeoutSeconds
            self.tlsHandshakeTimeoutSeconds = tlsHandshakeTimeoutSeconds
        }
    }

    /// The SASL endpoint's trust in its clients (the `[auth]` table).
    public struct AuthEndpoint: Hashable, Sendable {
        /// Peers whose `rip` and `secured` are believed (the local MTA); default loopback.
        public var trustedPeers: TrustedPeers
        /// Refuse authentication unless a trusted peer says the end user's session is TLS (`secured`) or local.
        public var requireSecureTransport: Bool

        public init(trustedPeers: TrustedPeers = .loopback, requireSecureTransport: Bool = false) {
            self.trustedPeers = trustedPeers
            self.requireSecureTransport = requireSecureTransport
        }
    }

    public var hostname: String
    public var listeners: Listeners
    public var storage: StorageURL
    /// S3 keys from the file; nil means `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`.
    public var s3Credentials: S3Credentials?
    public var tls: TLSFiles?
    /// `writer_slot`: "auto" (claimed through storage at start) or 0...63, checked against live holders.
    public var writerSlot: WriterSlotSetting
    /// `writer_lease_seconds`: life of a slot lease from its last renewal (renewed every third of it).
    public var writerLeaseSeconds: Int = 30
    /// `[storage] visibility_delay_ms`: how long until every process's listing shows a write; nil = the backend's
    /// default (`defaultVisibilityDelayMillis`).
    public var visibilityDelayMillis: Int?
    /// File holding the deployment secret (hex, at least 32 digits), shared by every process on one storage.
    public var deploymentSecretFile: String
    public var kdf: ScryptParameters
    public var limits: Limits
    public var authEndpoint: AuthEndpoint
    /// Per-user storage limit (QUOTA); nil = unlimited.
    public var quotaBytes: UInt64?
    /// Advertise LOGINDISABLED and refuse LOGIN/AUTHENTICATE until STARTTLS (on in serve, off in dev).
    public var loginDisabledWithoutTLS: Bool
    /// The static user file (TOML: password hashes and addresses).
    public var userFile: String
    public var logLevel: Logger.Level
    /// `[tls] engine`: the TLS implementation of the IMAP listeners (HTTPS stays on NIOSSL).
    public var tlsEngine: TLSEngine = .nioSSL
    /// `log_format`: text lines (default) or one JSON object per line.
    public var logFormat: LogFormat = .text
    /// `[autoconfig]`: what the `http` listeners tell mail clients.
    public var autoconfig = Autoconfig()
    /// `[storage] s3_max_connections`: connections the server runtime keeps to one S3 host, so requests in flight.
    public var s3MaxConnections: Int = S3HTTPClientPool.Configuration().maxConnectionsPerHost

    public init(
        hostname: String, listeners: Listeners, storage: StorageURL, s3Credentials: S3Credentials? = nil,
        tls: TLSFiles?, writerSlot: WriterSlotSetting = .auto, deploymentSecretFile: String, kdf: ScryptParameters = .default,
        limits: Limits = Limits(), quotaBytes: UInt64? = nil, loginDisabledWithoutTLS: Bool = true,
        userFile: String, logLevel: Logger.Level = .info, authEndpoint: AuthEndpoint = AuthEndpoint()
    ) {
        self.authEndpoint = authEndpoint
        self.hostname = hostname
        self.listeners = listeners
        self.storage = storage
        self.s3Credentials = s3Credentials
        self.tls = tls
        self.writerSlot = writerSlot
        self.deploymentSecretFile = deploymentSecretFile
        self.kdf = kdf
        self.limits = limits
        self.quotaBytes = quotaBytes
        self.loginDisabledWithoutTLS = loginDisabledWithoutTLS
        self.userFile = userFile
        self.logLevel = logLevel
    }

    /// Checks the rules that span keys; each error names the key to fix.
    public func validate() throws(ConfigurationError) {
        if !listeners.imaps.isEmpty && tls == nil {
            throw ConfigurationError(.missingKey, key: "tls.certificate", "listen.imaps needs a TLS certificate and key")
        }
        if !listeners.https.isEmpty && tls == nil {
            throw ConfigurationError(.missingKey, key: "tls.certificate", "listen.https needs a TLS certificate and key")
        }
        if loginDisabledWithoutTLS && tls == nil && !listeners.imap.isEmpty {
            throw ConfigurationError(
                .invalidValue, key: "imap.login_disabled_without_tls",
                "is true but no TLS is configured, so nobody could log in: configure [tls] or set it to false")
        }
        guard writerSlot.isValid else {
            throw ConfigurationError(.invalidValue, key: "writer_slot", "must be \"auto\" or 0...63, got \(writerSlot)")
        }
        if listeners.imap.isEmpty && listeners.imaps.isEmpty && listeners.lmtp.isEmpty && listeners.auth.isEmpty {
            throw ConfigurationError(.missingKey, key: "listen", "no listener configured")
        }
        try validateAutoconfig()
    }
}
