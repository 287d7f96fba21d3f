import Testing

@testable import TernServer

/// The `[limits]` query budgets (issue #17 point 6).
@Suite struct QueryLimitsConfigurationTests {
    @Test func defaults() throws {
        let configuration = try ServerConfiguration.parse(
            toml: ServerConfigurationTests.minimal, baseDirectory: "/etc/tern")
        #expect(configuration.limits.queryTimeoutSeconds == 120)
        #expect(configuration.limits.queryMaxKeyBytes == 64 << 20)
    }

    @Test func parsesBothKeys() throws {
        let text =
            ServerConfigurationTests.minimal + "\n[limits]\nquery_timeout_seconds = 0\nquery_max_key_bytes = 2097152\n"
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(configuration.limits.queryTimeoutSeconds == 0)
        #expect(configuration.limits.queryMaxKeyBytes == 2 << 20)
    }

    @Test func badValuesNameTheirKey() {
        let small = ServerConfigurationTests.minimal + "\n[limits]\nquery_max_key_bytes = 10\n"
        #expect {
            try ServerConfiguration.parse(toml: small, baseDirectory: "/")
        } throws: { "\($0)".contains("limits.query_max_key_bytes") }
        let negative = ServerConfigurationTests.minimal + "\n[limits]\nquery_timeout_seconds = -1\n"
        #expect {
            try ServerConfiguration.parse(toml: negative, baseDirectory: "/")
        } throws: { "\($0)".contains("limits.query_timeout_seconds") }
    }
}
