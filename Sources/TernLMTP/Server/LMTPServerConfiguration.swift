import TernAuth

/// Where the LMTP server listens and how much it holds.
public struct LMTPServerConfiguration: Hashable, Sendable {
    public var listeners: [ServerListenAddress]
    /// Greeting name and protocol limits (message size: set it to `MailServiceConfiguration.maxMessageBytes`).
    public var session: LMTPConfiguration
    /// Connections served at once; more are closed at once.
    public var maxConnections: Int
    /// Decoded chunks (one socket read each, at most 64 KiB) queued between the socket and the delivery.
    public var queuedChunks: Int
    /// Recipients whose copy of a part is sealed and written at once. With the one shared part this bounds a
    /// connection's message memory to `queuedChunks * 64 KiB + (1 + concurrentWrites) * incomingPartBytes`, whatever
    /// the number of recipients or the message size (see `MailService.deliver(to:message:concurrentWrites:)`).
    public var concurrentWrites: Int
    /// How long a recipient's storage usage, counted at RCPT, is reused by later RCPTs on the same connection.
    public var usageMaxAge: Duration
    /// A connection with nothing read for this long is closed (RFC 5321 4.5.3.2 suggests 5 minutes per command
    /// and 10 for the end of data; this also covers a delivery waiting on storage).
    public var idleTimeout: Duration

    public init(
        listeners: [ServerListenAddress],
        session: LMTPConfiguration,
        maxConnections: Int = 256,
        queuedChunks: Int = 4,
        concurrentWrites: Int = 4,
        usageMaxAge: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(10 * 60)
    ) {
        self.listeners = listeners
        self.session = session
        self.maxConnections = maxConnections
        self.queuedChunks = queuedChunks
        self.concurrentWrites = concurrentWrites
        self.usageMaxAge = usageMaxAge
        self.idleTimeout = idleTimeout
    }
}
