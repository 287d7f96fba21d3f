import Testing
import TernAuth

@testable import TernServer

/// The `[limits]` connection caps and deadlines and the `[auth]` table (issue #17 points 3 and 4).
@Suite struct AbuseLimitsConfigurationTests {
    @Test func defaultsAreDovecotLike() throws {
        let configuration = try ServerConfiguration.parse(toml: ServerConfigurationTests.minimal, baseDirectory: "/etc/tern")
        #expect(configuration.limits.maxConnectionsPerIP == 100)
        #expect(configuration.limits.maxConnectionsPerUserIP == 10)
        #expect(configuration.limits.preLoginTimeoutSeconds == 60)
        #expect(configuration.limits.tlsHandshakeTimeoutSeconds == 20)
        #expect(configuration.authEndpoint == .init(trustedPeers: .loopback, requireSecureTransport: false))
    }

    @Test func parsesEveryKey() throws {
        let text = ServerConfigurationTests.minimal + """

            [limits]
            max_connections_per_ip = 7
            max_connections_per_user_ip = 3
            prelogin_timeout_seconds = 30
            tls_handshake_timeout_seconds = 5
            [auth]
            trusted_peers = ["10.1.2.3", "2001:db8::/32"]
            require_secure_transport = true
            """
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(configuration.limits.maxConnectionsPerIP == 7)
        #expect(configuration.limits.maxConnectionsPerUserIP == 3)
        #expect(configuration.limits.preLoginTimeoutSeconds == 30)
        #expect(configuration.limits.tlsHandshakeTimeoutSeconds == 5)
        #expect(configuration.authEndpoint.requireSecureTransport)
        let peers = configuration.authEndpoint.trustedPeers
        #expect(peers.contains(ip: "10.1.2.3") && peers.contains(ip: "2001:db8:ffff::1"))
        #expect(!peers.contains(ip: "10.1.2.4") && !peers.contains(ip: "127.0.0.1") && !peers.contains(ip: "2001:db9::1"))
    }

    @Test func badValuesNameTheirKey() {
        let peers = ServerConfigurationTests.minimal + "\n[auth]\ntrusted_peers = [\"10.0.0.0/33\"]\n"
        #expect {
            try ServerConfiguration.parse(toml: peers, baseDirectory: "/")
        } throws: { "\($0)".contains("auth.trusted_peers") }
        let timeout = ServerConfigurationTests.minimal + "\n[limits]\nprelogin_timeout_seconds = 0\n"
        #expect {
            try ServerConfiguration.parse(toml: timeout, baseDirectory: "/")
        } throws: { "\($0)".contains("limits.prelogin_timeout_seconds") }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.0.9", true), ("::1", true), ("::ffff:127.0.0.1", true),
        ("128.0.0.1", false), ("::2", false), ("not an ip", false),
    ])
    func loopbackIsTheDefaultTrust(ip: String, trusted: Bool) {
        #expect(TrustedPeers.loopback.contains(ip: ip) == trusted)
    }
}
