import TernAuth

/// Where the LMTP server listens and how much it holds.
public struct LMTPServerConfiguration: Hashable, Sendable {
    public var listeners: [ServerListenAddress]
    /// Greeting name and protocol limits (message size: set it to `MailServiceConfiguration.maxMessageBytes`).
    public var session: LMTPConfiguration
    /// Connections served at once; more are closed at once.
    public var maxConnections: Int
    /// Decoded chunks queued per recipient while its copy is written. With n recipients a connection holds at most
    /// n * this many chunks (each one socket read, at most 64 KiB) of message data.
    public var queuedChunksPerRecipient: Int
    /// A connection with nothing read for this long is closed (RFC 5321 4.5.3.2 suggests 5 minutes per command
    /// and 10 for the end of data; this also covers a delivery waiting on storage).
    public var idleTimeout: Duration

    public init(
        listeners: [ServerListenAddress],
        session: LMTPConfiguration,
        maxConnections: Int = 256,
        queuedChunksPerRecipient: Int = 4,
        idleTimeout: Duration = .seconds(10 * 60)
    ) {
        self.listeners = listeners
        self.session = session
        self.maxConnections = maxConnections
        self.queuedChunksPerRecipient = queuedChunksPerRecipient
        self.idleTimeout = idleTimeout
    }
}
