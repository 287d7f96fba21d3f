import Testing

@testable import TernServer

/// `[limits] delivery_retry_window_seconds`: how long an LMTP delivery is remembered so the MTA's retry of a copy
/// already stored is answered with it.
@Suite struct DeliveryRetryWindowConfigurationTests {
    @Test func defaultsToPostfixQueueLifetime() throws {
        let configuration = try ServerConfiguration.parse(
            toml: ServerConfigurationTests.minimal, baseDirectory: "/etc/tern")
        #expect(configuration.limits.deliveryRetryWindowSeconds == 5 * 86_400)
        #expect(configuration.effectiveTOML.contains("delivery_retry_window_seconds = 432000"))
    }

    @Test func zeroTurnsItOffAndTheEffectiveTextSaysSo() throws {
        let text = ServerConfigurationTests.minimal + "\n[limits]\ndelivery_retry_window_seconds = 0\n"
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(configuration.limits.deliveryRetryWindowSeconds == 0)
        #expect(configuration.effectiveTOML.contains("delivery_retry_window_seconds = 0"))
    }

    @Test func aWindowPastThirtyDaysNamesItsKey() {
        let text = ServerConfigurationTests.minimal + "\n[limits]\ndelivery_retry_window_seconds = 99999999\n"
        #expect {
            try ServerConfiguration.parse(toml: text, baseDirectory: "/")
        } throws: { "\($0)".contains("limits.delivery_retry_window_seconds") }
    }
}
