import Foundation
import Testing

@testable import TernServer

/// `tern config check` prints the effective configuration; it must say what Tern will really run.
@Suite struct EffectiveConfigurationTests {
    /// Every key of the rendered file parses back to the same settings, and rendering again changes nothing.
    @Test func renderingParsesBackToTheSameSettings() throws {
        let text = """
            hostname = "mx.example.tld"
            log_level = "debug"

            """ + ServerConfigurationTests.minimal + """

            [imap]
            login_disabled_without_tls = false
            [limits]
            max_message_bytes = 1048576
            prelogin_timeout_seconds = 30
            max_append_batch_bytes = 1000000
            [auth]
            trusted_peers = ["10.0.0.0/8", "::1"]
            require_secure_transport = true
            [quota]
            storage_bytes = 1073741824
            [kdf]
            log2_n = 12
            """
        let original = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        let rendered = original.effectiveTOML
        let again = try ServerConfiguration.parse(toml: rendered, baseDirectory: "/elsewhere")
        #expect(again.effectiveTOML == rendered)
        #expect(again.hostname == "mx.example.tld" && again.logLevel == .debug)
        #expect(again.writerSlot == original.writerSlot)
        #expect(again.deploymentSecretFile == "/etc/tern/secret")
        #expect(again.listeners == original.listeners)
        #expect(again.storage == original.storage)
        #expect(again.tls == original.tls)
        #expect(again.limits == original.limits)
        #expect(again.authEndpoint == original.authEndpoint)
        #expect(again.quotaBytes == 1 << 30)
        #expect(again.kdf == original.kdf)
        #expect(again.loginDisabledWithoutTLS == false)
        #expect(again.s3MaxConnections == 16)
    }

    /// Defaults the file left out are written out, so an admin sees them.
    @Test func defaultsAreShown() throws {
        let rendered = try ServerConfiguration.parse(toml: ServerConfigurationTests.minimal, baseDirectory: "/etc/tern")
            .effectiveTOML
        #expect(rendered.contains("max_connections_per_ip = 100\n"))
        #expect(rendered.contains("prelogin_timeout_seconds = 60\n"))
        #expect(rendered.contains("login_disabled_without_tls = true\n"))
        #expect(rendered.contains("# [quota] storage_bytes: none (unlimited)"))
    }

    /// The S3 secret never appears; the key ID is shown as a comment.
    @Test func secretsAreNotPrinted() throws {
        let directory = NSTemporaryDirectory() + "tern-effective-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "very-secret-value\n".write(toFile: directory + "/s3-secret", atomically: true, encoding: .utf8)
        let text = ServerConfigurationTests.minimal.replacingOccurrences(
            of: "url = \"file:///var/lib/tern/store\"",
            with: "url = \"s3://mail/tern?endpoint=http://127.0.0.1:9000&region=us-east-1\"\n"
                + "access_key_id = \"AKIDEXAMPLE\"\nsecret_access_key_file = \"s3-secret\"\ns3_max_connections = 64")
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: directory)
        #expect(configuration.s3Credentials?.secretAccessKey == "very-secret-value")
        let rendered = configuration.effectiveTOML
        #expect(!rendered.contains("very-secret-value"))
        #expect(rendered.contains("# access_key_id = \"AKIDEXAMPLE\""))
        #expect(try ServerConfiguration.parse(toml: rendered, baseDirectory: directory).s3MaxConnections == 64)
    }
}
