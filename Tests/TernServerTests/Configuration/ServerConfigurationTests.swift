import Foundation
import Testing

@testable import TernServer

@Suite struct ServerConfigurationTests {
    static let minimal = """
        writer_slot = 3
        deployment_secret_file = "secret"
        user_file = "/etc/tern/users.toml"
        [listen]
        imap = ["[::]:143", "0.0.0.0:143"]
        imaps = "[::]:993"
        lmtp = "unix:/run/tern/lmtp"
        auth = ["127.0.0.1:12345"]
        [storage]
        url = "file:///var/lib/tern/store"
        [tls]
        certificate = "cert.pem"
        key = "/etc/tern/key.pem"
        """

    @Test func parsesAMinimalFileWithDefaults() throws {
        let configuration = try ServerConfiguration.parse(toml: Self.minimal, baseDirectory: "/etc/tern")
        #expect(configuration.writerSlot == 3)
        #expect(configuration.deploymentSecretFile == "/etc/tern/secret")
        #expect(configuration.listeners.imap == [ListenAddress(host: "::", port: 143), ListenAddress(host: "0.0.0.0", port: 143)])
        #expect(configuration.listeners.imaps == [ListenAddress(host: "::", port: 993)])
        #expect(configuration.listeners.lmtp.map(\.description) == ["unix:/run/tern/lmtp"])
        #expect(configuration.listeners.auth.map(\.description) == ["127.0.0.1:12345"])
        #expect(configuration.storage.description == "file:///var/lib/tern/store")
        #expect(configuration.tls == .init(certificatePath: "/etc/tern/cert.pem", keyPath: "/etc/tern/key.pem"))
        #expect(configuration.loginDisabledWithoutTLS)
        #expect(configuration.kdf == .default)
        #expect(configuration.quotaBytes == nil)
        #expect(configuration.limits == .init())
        #expect(configuration.logLevel == .info)
    }

    @Test func parsesEveryOptionalSection() throws {
        let text = Self.minimal + """

            [imap]
            login_disabled_without_tls = false
            [limits]
            max_message_bytes = 1048576
            max_connections = 100
            idle_timeout_seconds = 3600
            [quota]
            storage_bytes = 1073741824
            [kdf]
            log2_n = 12
            block_size = 8
            parallelism = 2
            """
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(!configuration.loginDisabledWithoutTLS)
        #expect(configuration.limits == .init(maxMessageBytes: 1_048_576, maxConnections: 100, idleTimeoutSeconds: 3600))
        #expect(configuration.quotaBytes == 1 << 30)
        #expect(configuration.kdf.log2N == 12 && configuration.kdf.parallelism == 2)
    }

    /// Each broken file names the key to fix.
    @Test(arguments: [
        ("writer_slot = 64", "writer_slot", ConfigurationError.Code.invalidValue),
        ("writer_slot = \"one\"", "writer_slot", .invalidValue),
        ("writer_slot = true", "writer_slot", .wrongType),
        ("colour = \"blue\"", "colour", .unknownKey),
        ("[listen]\nimap = \"localhost\"", "listen.imap", .invalidValue),
        ("[listen]\nimaps = 993", "listen.imaps", .wrongType),
        ("[listen]\nsmtp = \"127.0.0.1:25\"", "listen.smtp", .unknownKey),
        ("[storage]\nurl = \"ftp://x\"", "storage.url", .invalidValue),
        ("[limits]\nmax_message_bytes = 10", "limits.max_message_bytes", .invalidValue),
        ("[kdf]\nlog2_n = 40", "kdf.log2_n", .invalidValue),
        ("[quota]\nstorage_bytes = 0", "quota.storage_bytes", .invalidValue),
        ("log_level = \"loud\"", "log_level", .invalidValue),
    ])
    func reportsTheKey(change: String, key: String, code: ConfigurationError.Code) throws {
        let text = Self.replacing(change, in: Self.minimal)
        do {
            _ = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.code == code, "\(error)")
        }
    }

    @Test func tlsSectionNeedsTheKey() throws {
        let text = Self.minimal.replacingOccurrences(of: "key = \"/etc/tern/key.pem\"", with: "")
        do {
            _ = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
            Issue.record("accepted [tls] without key")
        } catch {
            #expect(error.key == "tls.key" && error.code == .missingKey, "\(error)")
        }
    }

    /// `[tls] engine`: nio-ssl unless set; openssl is kept through `tern config check`'s effective file; anything
    /// else names the key.
    @Test func tlsEngineDefaultsToNIOSSLAndRoundTrips() throws {
        #expect(try ServerConfiguration.parse(toml: Self.minimal, baseDirectory: "/etc/tern").tlsEngine == .nioSSL)
        let text = Self.minimal.replacingOccurrences(
            of: "key = \"/etc/tern/key.pem\"", with: "key = \"/etc/tern/key.pem\"\nengine = \"openssl\"")
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(configuration.tlsEngine == .openSSL)
        #expect(configuration.effectiveTOML.contains("engine = \"openssl\""))
        let again = try ServerConfiguration.parse(toml: configuration.effectiveTOML, baseDirectory: "/")
        #expect(again.tlsEngine == .openSSL)
        do {
            _ = try ServerConfiguration.parse(
                toml: text.replacingOccurrences(of: "\"openssl\"", with: "\"gnutls\""), baseDirectory: "/etc/tern")
            Issue.record("accepted engine = gnutls")
        } catch {
            #expect(error.key == "tls.engine" && error.code == .invalidValue, "\(error)")
        }
    }

    @Test func syntaxErrorNamesTheLine() {
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.parse(toml: "writer_slot = = 1", baseDirectory: "/")
        }
    }

    @Test func implicitTLSWithoutCertificateIsRefused() throws {
        let text = Self.minimal.replacingOccurrences(of: "[tls]\ncertificate = \"cert.pem\"\nkey = \"/etc/tern/key.pem\"", with: "")
            + "\n[imap]\nlogin_disabled_without_tls = false\n"
        do {
            _ = try ServerConfiguration.parse(toml: text, baseDirectory: "/")
            Issue.record("accepted imaps without TLS")
        } catch {
            #expect(error.key == "tls.certificate")
        }
    }

    @Test func listenAddressForms() {
        #expect(ListenAddress("[::1]:1143") == ListenAddress(host: "::1", port: 1143))
        #expect(ListenAddress("127.0.0.1:0") == ListenAddress(host: "127.0.0.1", port: 0))
        #expect(ListenAddress("::1:1143") == nil)
        #expect(ListenAddress("host:70000") == nil)
        #expect(ListenAddress(":143") == nil)
        #expect(ListenAddress("[::1]:1143")?.description == "[::1]:1143")
    }

    /// Replaces the line (or section) that `change` redefines, or appends it.
    static func replacing(_ change: String, in text: String) -> String {
        let lines = change.split(separator: "\n").map(String.init)
        if lines.count == 1, let key = lines[0].split(separator: "=").first?.trimmingCharacters(in: .whitespaces),
            text.split(separator: "\n").contains(where: { $0.hasPrefix(key + " =") })
        {
            return text.split(separator: "\n").map { $0.hasPrefix(key + " =") ? lines[0] : String($0) }
                .joined(separator: "\n")
        }
        if lines.count == 2, lines[0].hasPrefix("["), text.contains(lines[0] + "\n") {
            // A section that exists: put the line first in it, replacing a line with the same key.
            let key = lines[1].split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? ""
            var out: [String] = []
            var inSection = false
            for line in text.split(separator: "\n").map(String.init) {
                if line.hasPrefix("[") { inSection = line == lines[0] }
                if inSection && line.hasPrefix(key + " =") { continue }
                out.append(line)
                if line == lines[0] { out.append(lines[1]) }
            }
            return out.joined(separator: "\n")
        }
        // A new section goes at the end; a new top-level key at the start.
        return lines[0].hasPrefix("[") ? text + "\n" + change : change + "\n" + text
    }
}
