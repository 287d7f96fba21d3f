/// What a mail client needs to reach Tern's IMAP service, as the `[autoconfig]` section and the IMAP
/// listeners describe it. Both answer formats (Thunderbird's clientConfig, Autodiscover POX) render from this.
public struct MailClientSettings: Hashable, Sendable {
    /// How a client secures one IMAP port.
    public enum Security: String, Hashable, Sendable {
        /// TLS from the first byte (an `imaps` listener).
        case implicitTLS
        /// Plain connect, then STARTTLS (an `imap` listener with TLS configured).
        case startTLS
        /// No TLS at all (an `imap` listener without TLS; only sensible on a trusted network).
        case none
    }

    public struct Endpoint: Hashable, Sendable {
        public var port: Int
        public var security: Security

        public init(port: Int, security: Security) {
            self.port = port
            self.security = security
        }
    }

    /// What the client types as its IMAP user name.
    public enum Login: String, Hashable, Sendable, CaseIterable {
        /// The whole address (`%EMAILADDRESS%`, which every client expands).
        case address
        /// The part before `@`, written out from the asked address: K-9 Mail does not expand
        /// `%EMAILLOCALPART%`.
        case localPart = "local_part"
    }

    /// The IMAP host name clients connect to (it must match the TLS certificate).
    public var hostname: String
    /// In order of preference: implicit TLS first, then STARTTLS, then plain.
    public var endpoints: [Endpoint]
    public var login: Login
    public var displayName: String
    /// Domains whose addresses get an answer, lower-cased; others get 404 so the client tries elsewhere.
    public var domains: [String]

    public init(hostname: String, endpoints: [Endpoint], login: Login, displayName: String, domains: [String]) {
        self.hostname = hostname
        self.endpoints = endpoints.sorted { Self.rank($0.security) < Self.rank($1.security) }
        self.login = login
        self.displayName = displayName
        self.domains = domains.map { $0.lowercased() }
    }

    public func serves(_ address: MailAddress) -> Bool { domains.contains(address.domain) }

    /// The user name for clientConfig: `%EMAILADDRESS%` (expanded by every client), or the local part written
    /// out when the address is known (K-9 leaves `%EMAILLOCALPART%` as it is).
    func clientConfigUserName(for address: MailAddress?) -> String {
        switch (login, address) {
        case (.address, _): "%EMAILADDRESS%"
        case (.localPart, let address?): address.localPart
        case (.localPart, nil): "%EMAILLOCALPART%"
        }
    }

    /// The user name written out (Autodiscover has no placeholders).
    func literalUserName(for address: MailAddress) -> String {
        switch login {
        case .address: address.description
        case .localPart: address.localPart
        }
    }

    private static func rank(_ security: Security) -> Int {
        switch security {
        case .implicitTLS: 0
        case .startTLS: 1
        case .none: 2
        }
    }
}
