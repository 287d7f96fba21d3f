import Testing

@testable import TernServer

/// `writer_slot`, `writer_lease_seconds` and `[storage] visibility_delay_ms` (issue 15).
@Suite struct WriterSlotSettingTests {
    static func parse(_ change: String) throws -> ServerConfiguration {
        let text = ServerConfigurationTests.replacing(change, in: ServerConfigurationTests.minimal)
        return try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
    }

    @Test func writerSlotIsAutoByDefaultOrWhenSaidAndANumberOtherwise() throws {
        let absent = try ServerConfiguration.parse(
            toml: ServerConfigurationTests.minimal.replacingOccurrences(of: "writer_slot = 3\n", with: ""),
            baseDirectory: "/etc/tern")
        #expect(absent.writerSlot == .auto)
        #expect(try Self.parse("writer_slot = \"auto\"").writerSlot == .auto)
        #expect(try Self.parse("writer_slot = 63").writerSlot == .fixed(63))
    }

    @Test func leaseAndVisibilityDelayHaveDefaultsPerBackendAndBounds() throws {
        let defaults = try Self.parse("writer_slot = 3")
        #expect(defaults.writerLeaseSeconds == 30)
        #expect(defaults.visibilityDelayMillis == nil && defaults.effectiveVisibilityDelayMillis == 0, "file store")
        var s3 = defaults
        s3.storage = try .init(parsing: "s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1")
        #expect(s3.effectiveVisibilityDelayMillis == 1000)
        let text =
            "writer_lease_seconds = 60\n"
            + ServerConfigurationTests.minimal
            .replacingOccurrences(
                of: "url = \"file:///var/lib/tern/store\"",
                with: "url = \"file:///var/lib/tern/store\"\nvisibility_delay_ms = 30000")
        let explicit = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(explicit.writerLeaseSeconds == 60 && explicit.effectiveVisibilityDelayMillis == 30_000)
        #expect(explicit.effectiveTOML.contains("writer_lease_seconds = 60"))
        #expect(explicit.effectiveTOML.contains("visibility_delay_ms = 30000"))
        #expect(defaults.effectiveTOML.contains("writer_slot = 3\n"))
        var auto = defaults
        auto.writerSlot = .auto
        #expect(auto.effectiveTOML.contains("writer_slot = \"auto\"\n"))
        let again = try ServerConfiguration.parse(toml: auto.effectiveTOML, baseDirectory: "/")
        #expect(again.writerSlot == .auto && again.effectiveVisibilityDelayMillis == 0)

        for (bad, key) in [
            ("writer_lease_seconds = 5\n", "writer_lease_seconds"),
            ("writer_lease_seconds = 3601\n", "writer_lease_seconds"),
        ] {
            #expect(throws: ConfigurationError.self, "\(key)") {
                try ServerConfiguration.parse(toml: bad + ServerConfigurationTests.minimal, baseDirectory: "/")
            }
        }
        let tooLong = ServerConfigurationTests.minimal.replacingOccurrences(
            of: "url = \"file:///var/lib/tern/store\"",
            with: "url = \"file:///var/lib/tern/store\"\nvisibility_delay_ms = 600001")
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.parse(toml: tooLong, baseDirectory: "/")
        }
        #expect(error?.key == "storage.visibility_delay_ms")
    }
}
