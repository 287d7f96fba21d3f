import TernAuth
import TernHTTP

extension ServerConfiguration {
    /// The `[autoconfig]` table: what mail clients are told when they look Tern up (Thunderbird's autoconfig,
    /// Outlook's Autodiscover). Ports and TLS come from the IMAP listeners, so they cannot disagree.
    public struct Autoconfig: Hashable, Sendable {
        public var enabled: Bool
        /// The IMAP host name clients connect to; nil means `hostname`.
        public var imapHost: String?
        public var login: MailClientSettings.Login
        /// Shown by the client; nil means the first domain.
        public var displayName: String?
        /// Domains whose addresses get an answer (lower-cased).
        public var domains: [String]

        public init(
            enabled: Bool = false, imapHost: String? = nil, login: MailClientSettings.Login = .address,
            displayName: String? = nil, domains: [String] = []
        ) {
            self.enabled = enabled
            self.imapHost = imapHost
            self.login = login
            self.displayName = displayName
            self.domains = domains.map { $0.lowercased() }
        }
    }

    /// What the `http` listeners answer, or nil when autoconfiguration is off. Implicit TLS for each `imaps`
    /// port, STARTTLS for each `imap` port when TLS is configured, plain otherwise; the configured ports.
    public var mailClientSettings: MailClientSettings? {
        mailClientSettings(imapPorts: listeners.imap.map(\.port), imapsPorts: listeners.imaps.map(\.port))
    }

    /// The same with the ports the IMAP listeners actually bound (port 0 asks the kernel for one).
    func mailClientSettings(imapPorts: [Int], imapsPorts: [Int]) -> MailClientSettings? {
        guard autoconfig.enabled else { return nil }
        var endpoints: [MailClientSettings.Endpoint] = []
        func add(_ port: Int, _ security: MailClientSettings.Security) {
            let endpoint = MailClientSettings.Endpoint(port: port, security: security)
            if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        }
        if tls != nil { for port in imapsPorts { add(port, .implicitTLS) } }
        for port in imapPorts { add(port, tls == nil ? .none : .startTLS) }
        return MailClientSettings(
            hostname: autoconfig.imapHost ?? hostname, endpoints: endpoints, login: autoconfig.login,
            displayName: autoconfig.displayName ?? autoconfig.domains.first ?? hostname, domains: autoconfig.domains)
    }

    static func parseAutoconfig(_ root: inout TOMLSection) throws(ConfigurationError) -> Autoconfig {
        guard var section = try root.section("autoconfig") else { return Autoconfig() }
        var result = Autoconfig(enabled: try section.bool("enabled") ?? true)
        result.imapHost = try section.string("imap_host")
        if let text = try section.string("login") {
            guard let login = MailClientSettings.Login(rawValue: text) else {
                throw ConfigurationError(
                    .invalidValue, key: section.fullKey("login"), "'\(text)' is not one of address, local_part")
            }
            result.login = login
        }
        result.displayName = try section.string("display_name")
        for domain in try section.strings("domains") ?? [] {
            guard MailAddress("postmaster@\(domain)") != nil else {
                throw ConfigurationError(.invalidValue, key: section.fullKey("domains"), "'\(domain)' is not a domain")
            }
            result.domains.append(domain.lowercased())
        }
        try section.rejectUnknownKeys()
        return result
    }

    /// The cross-key rules of `[autoconfig]` (part of `validate()`).
    func validateAutoconfig() throws(ConfigurationError) {
        guard autoconfig.enabled else { return }
        if autoconfig.domains.isEmpty {
            throw ConfigurationError(
                .missingKey, key: "autoconfig.domains", "autoconfig is enabled but serves no domain")
        }
        if listeners.http.isEmpty && listeners.https.isEmpty {
            throw ConfigurationError(
                .missingKey, key: "listen.http",
                "autoconfig is enabled but no http or https listener would answer it")
        }
        if listeners.imap.isEmpty && (listeners.imaps.isEmpty || tls == nil) {
            throw ConfigurationError(
                .missingKey, key: "listen.imap",
                "autoconfig is enabled but there is no IMAP listener to point clients at")
        }
    }

    /// `[autoconfig]` lines for `tern config check`.
    func effectiveAutoconfigLines() -> [String] {
        var lines = ["", "[autoconfig]", "enabled = \(autoconfig.enabled)"]
        if let imapHost = autoconfig.imapHost {
            lines.append("imap_host = \(TOMLText.basicString(imapHost))")
        } else {
            lines.append("# imap_host: the hostname, \(TOMLText.basicString(hostname))")
        }
        lines.append("login = \(TOMLText.basicString(autoconfig.login.rawValue))")
        if let displayName = autoconfig.displayName {
            lines.append("display_name = \(TOMLText.basicString(displayName))")
        } else {
            lines.append("# display_name: the first domain")
        }
        lines.append("domains = \(Self.list(autoconfig.domains))")
        if let settings = mailClientSettings {
            let ports = settings.endpoints.map { "\($0.port) (\($0.security.rawValue))" }.joined(separator: ", ")
            lines.append("# IMAP ports announced: \(ports.isEmpty ? "none" : ports)")
        }
        return lines
    }
}
