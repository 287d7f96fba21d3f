import TernIMAP

/// Which capabilities a session advertises. Pure: computed from the connection's TLS state, the
/// configuration and the session state. An extension is listed only when it fully works.
public struct CapabilityPolicy: Hashable, Sendable {
    /// The extensions every authenticated session offers, in the order they are advertised.
    public static let extensions: [Capability] = [
        .literalPlus, .saslIR, .id, .enable, .idle, .namespace, .uidPlus, .multiAppend, .move, .unselect, .children,
        .specialUse, .createSpecialUse, .listExtended, .listStatus, .condStore, .qresync, .esearch, .searchRes,
        .binary, .statusSize, .sort, .thread("REFERENCES"), .thread("ORDEREDSUBJECT"), .utf8Accept, .quota,
        Capability("QUOTA=RES-STORAGE"),
    ]

    /// What ENABLE accepts (RFC 5161); anything else is silently not enabled.
    public static let enableable: [Capability] = [.condStore, .qresync, .utf8Accept, .imap4rev2]

    public var isTLS: Bool
    public var canStartTLS: Bool
    public var loginDisabledWithoutTLS: Bool
    public var isAuthenticated: Bool
    /// APPENDLIMIT=n (RFC 7889): the largest message APPEND accepts.
    public var appendLimit: UInt64

    public init(
        isTLS: Bool, canStartTLS: Bool, loginDisabledWithoutTLS: Bool, isAuthenticated: Bool, appendLimit: UInt64
    ) {
        self.isTLS = isTLS
        self.canStartTLS = canStartTLS
        self.loginDisabledWithoutTLS = loginDisabledWithoutTLS
        self.isAuthenticated = isAuthenticated
        self.appendLimit = appendLimit
    }

    public var capabilities: [Capability] {
        var list: [Capability] = [.imap4rev1, .imap4rev2]
        if !isAuthenticated {
            if canStartTLS && !isTLS { list.append(.startTLS) }
            if loginDisabledWithoutTLS && !isTLS {
                list.append(.loginDisabled)
            } else {
                list.append(.auth("PLAIN"))
            }
        }
        list.append(contentsOf: Self.extensions)
        // Only where the command is valid (RFC 4978 3: authenticated and selected states).
        if isAuthenticated { list.append(.compressDeflate) }
        list.append(.appendLimit(appendLimit))
        return list
    }
}
