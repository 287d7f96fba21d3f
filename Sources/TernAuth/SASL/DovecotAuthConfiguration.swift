/// Identity and limits of one Dovecot-protocol auth listener.
public struct DovecotAuthConfiguration: Hashable, Sendable {
    /// Sent as `SPID`: the server process id (Postfix only stores it).
    public var serverPID: UInt32
    /// Sent as `CUID`: a number unique to this connection.
    public var connectionID: UInt32
    /// Sent as `COOKIE` in hex: 16 random bytes chosen by the shell (used by Dovecot's master protocol only).
    public var cookie: [UInt8]
    /// Longest line accepted from the client, LF included; longer closes the connection, as Dovecot does.
    public var maxLineLength: Int
    /// Requests in progress at once on one connection; see `DovecotAuthStateMachine` for the eviction rule.
    public var maxPendingRequests: Int
    /// When true, AUTH is refused unless the client marks the session `secured` or comes from the local address.
    public var requireSecureTransport: Bool
    /// Whether the client's claims about the end user (`rip`, `secured`) are believed: false for a peer outside
    /// the configured trusted networks, whose requests then never count as secure.
    public var peerIsTrusted: Bool

    public init(
        serverPID: UInt32,
        connectionID: UInt32,
        cookie: [UInt8],
        maxLineLength: Int = 8192,
        maxPendingRequests: Int = 16,
        requireSecureTransport: Bool = false,
        peerIsTrusted: Bool = true
    ) {
        self.serverPID = serverPID
        self.connectionID = connectionID
        self.cookie = cookie
        self.maxLineLength = maxLineLength
        self.maxPendingRequests = maxPendingRequests
        self.requireSecureTransport = requireSecureTransport
        self.peerIsTrusted = peerIsTrusted
    }
}
