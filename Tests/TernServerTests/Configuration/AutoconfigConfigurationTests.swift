import Testing
import TernHTTP

@testable import TernServer

/// `[listen] http` and the `[autoconfig]` table (issue #16).
@Suite struct AutoconfigConfigurationTests {
    static let enabled = ServerConfigurationTests.minimal.replacingOccurrences(
        of: "[listen]\n", with: "[listen]\nhttp = \"[::]:80\"\nmetrics = \"127.0.0.1:9143\"\n")
        + "\n[autoconfig]\nimap_host = \"imap.example.org\"\nlogin = \"local_part\"\ndomains = [\"Example.org\"]\n"

    @Test func offByDefault() throws {
        let configuration = try ServerConfiguration.parse(toml: ServerConfigurationTests.minimal, baseDirectory: "/")
        #expect(configuration.mailClientSettings == nil)
        #expect(configuration.listeners.http.isEmpty)
    }

    /// Ports and TLS come from the IMAP listeners: imaps is SSL, imap with [tls] is STARTTLS; SSL first.
    @Test func settingsFollowTheListeners() throws {
        let configuration = try ServerConfiguration.parse(toml: Self.enabled, baseDirectory: "/")
        #expect(configuration.listeners.http == [ListenAddress(host: "::", port: 80)])
        let settings = try #require(configuration.mailClientSettings)
        #expect(settings.hostname == "imap.example.org")
        #expect(settings.login == .localPart)
        #expect(settings.domains == ["example.org"])
        #expect(settings.displayName == "example.org")
        #expect(settings.endpoints == [.init(port: 993, security: .implicitTLS), .init(port: 143, security: .startTLS)])
    }

    @Test func imapHostDefaultsToTheHostname() throws {
        let text = Self.enabled.replacingOccurrences(of: "imap_host = \"imap.example.org\"\n", with: "")
        let configuration = try ServerConfiguration.parse(
            toml: "hostname = \"mx.example.org\"\n" + text, baseDirectory: "/")
        #expect(configuration.mailClientSettings?.hostname == "mx.example.org")
    }

    @Test func errorsNameTheirKey() {
        let cases = [
            (Self.enabled.replacingOccurrences(of: "local_part", with: "plain"), "autoconfig.login"),
            (Self.enabled.replacingOccurrences(of: "[\"Example.org\"]", with: "[]"), "autoconfig.domains"),
            (Self.enabled.replacingOccurrences(of: "[\"Example.org\"]", with: "[\"a b\"]"), "autoconfig.domains"),
            (Self.enabled.replacingOccurrences(of: "http = \"[::]:80\"\n", with: ""), "listen.http"),
            (Self.enabled + "colour = \"blue\"\n", "autoconfig.colour"),
        ]
        for (text, key) in cases {
            #expect {
                try ServerConfiguration.parse(toml: text, baseDirectory: "/")
            } throws: { "\($0)".contains(key) }
        }
    }

    /// `[listen] https` alone answers autoconfiguration (Outlook asks over HTTPS only); it needs `[tls]`.
    @Test func httpsListenersServeAutoconfigAndNeedTLS() throws {
        let httpsOnly = Self.enabled.replacingOccurrences(of: "http = \"[::]:80\"\n", with: "https = \"[::]:443\"\n")
        let configuration = try ServerConfiguration.parse(toml: httpsOnly, baseDirectory: "/")
        #expect(configuration.listeners.https == [ListenAddress(host: "::", port: 443)])
        #expect(configuration.listeners.http.isEmpty)
        #expect(configuration.effectiveTOML.contains("https = [\"[::]:443\"]"))
        let withoutTLS = httpsOnly
            .replacingOccurrences(of: "imaps = \"[::]:993\"\n", with: "")
            .replacingOccurrences(of: "[tls]\ncertificate = \"cert.pem\"\nkey = \"/etc/tern/key.pem\"\n", with: "")
        #expect(!withoutTLS.contains("[tls]"))
        #expect {
            try ServerConfiguration.parse(toml: withoutTLS, baseDirectory: "/")
        } throws: { "\($0)".contains("listen.https") }
    }

    /// `tern config check` shows the table and the ports it will announce, and parses back to the same.
    @Test func effectiveConfigurationRoundTrips() throws {
        let configuration = try ServerConfiguration.parse(toml: Self.enabled, baseDirectory: "/")
        let effective = configuration.effectiveTOML
        #expect(effective.contains("http = [\"[::]:80\"]"))
        #expect(
            effective.contains("[autoconfig]\nenabled = true\nimap_host = \"imap.example.org\"\nlogin = \"local_part\""))
        #expect(effective.contains("# IMAP ports announced: 993 (implicitTLS), 143 (startTLS)"))
        let again = try ServerConfiguration.parse(toml: effective, baseDirectory: "/")
        #expect(again.autoconfig == configuration.autoconfig)
        #expect(again.listeners == configuration.listeners)
    }
}
