/// Where and how the Dovecot-protocol SASL endpoint listens.
public struct SASLAuthServerConfiguration: Hashable, Sendable {
    public var listeners: [ServerListenAddress]
    /// Connections served at once; more are closed at once (Postfix opens one per smtpd process).
    public var maxConnections: Int
    /// Longest protocol line, LF included.
    public var maxLineLength: Int
    /// Requests in progress on one connection.
    public var maxPendingRequests: Int
    /// Refuse AUTH unless a trusted client marks the session `secured` (TLS) or local (see the state machine).
    public var requireSecureTransport: Bool
    /// A connection with nothing to read for this long is closed (Postfix reconnects when it needs to).
    public var idleTimeout: Duration
    /// Peers whose `rip` (the end user's address, charged by the login limiter) and `secured` are believed.
    /// Requests from any other peer are charged to the peer's own address and count as not secured.
    public var trustedPeers: TrustedPeers

    public init(
        listeners: [ServerListenAddress],
        maxConnections: Int = 512,
        maxLineLength: Int = 8192,
        maxPendingRequests: Int = 16,
        requireSecureTransport: Bool = false,
        idleTimeout: Duration = .seconds(30 * 60),
        trustedPeers: TrustedPeers = .loopback
    ) {
        self.listeners = listeners
        self.maxConnections = maxConnections
        self.maxLineLength = maxLineLength
        self.maxPendingRequests = maxPendingRequests
        self.requireSecureTransport = requireSecureTransport
        self.idleTimeout = idleTimeout
        self.trustedPeers = trustedPeers
    }
}
