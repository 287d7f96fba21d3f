import ArgumentParser
import Foundation
import Logging
import TernAuth
import TernServer
import TernStorage

/// `tern dev`: zero-configuration development server (user alice / hunter2, embedded store,
/// self-signed certificate), everything kept in one data directory.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run a development server with a built-in user (alice / hunter2)."
    )

    @Option(help: "IMAP listen address, STARTTLS offered (ADDR:PORT, repeatable; port 0 = any free port).")
    var imap: [String] = ["[::1]:1143", "127.0.0.1:1143"]

    @Option(help: "Implicit-TLS IMAP listen address (ADDR:PORT, repeatable).")
    var imaps: [String] = ["[::1]:1993", "127.0.0.1:1993"]

    @Option(help: "LMTP listen address (ADDR:PORT or unix:PATH).")
    var lmtp: String = "127.0.0.1:1025"

    @Option(help: "Dovecot-compatible SASL auth listen address (ADDR:PORT or unix:PATH), for Postfix.")
    var auth: String = "127.0.0.1:12345"

    @Option(help: "Metrics endpoint (ADDR:PORT): Prometheus text at /metrics, jemalloc heap and RSS included. Off unless given.")
    var metrics: String?

    @Option(help: "Data directory (store, certificate, users, secret). Default: ./tern-dev-data")
    var data: String?

    @Option(help: "Storage URL: file:///path, memory:, or s3://bucket?endpoint=...&region=... (default: file store in the data directory)")
    var storage: String?

    @Option(
        name: .customLong("writer-slot"),
        help: "Writer slot: auto (claim a free one through storage) or 0...63, distinct per process sharing one storage.")
    var writerSlot: String = "auto"

    @Option(
        name: .customLong("visibility-delay-ms"),
        help: "How long the storage may take to show a write to every process (default: 0 for file, 1000 for s3).")
    var visibilityDelayMs: Int?

    @Option(help: "Also create user1...userN (password from --users-password), e.g. for tern-load.")
    var users: Int = 0

    @Option(name: .customLong("users-password"), help: "Password of user1...userN.")
    var usersPassword: String = "password"

    @Option(name: .customLong("secret-file"), help: "Deployment secret file (hex); share it between processes on one storage. Default: DATA/deployment-secret")
    var secretFile: String?

    @Option(help: "Host name announced in the greeting and the certificate.")
    var hostname: String = "localhost"

    @Option(name: .customLong("log-format"), help: "Log lines on standard error: text or json (one object per line).")
    var logFormat: String = "text"

    @Option(
        name: .customLong("tls-engine"),
        help: "TLS of the IMAP listeners: nio-ssl or openssl (system OpenSSL, frees idle buffers).")
    var tlsEngine: String = TLSEngine.nioSSL.rawValue

    mutating func validate() throws {
        for address in imap + imaps + (metrics.map { [$0] } ?? []) where ListenAddress(address) == nil {
            throw ValidationError("'\(address)' is not ADDR:PORT (IPv6 in brackets, e.g. [::1]:1143)")
        }
        for address in [lmtp, auth] where ServerListenAddress(address) == nil {
            throw ValidationError("'\(address)' is not ADDR:PORT or unix:PATH")
        }
        if let storage {
            do { _ = try StorageURL(parsing: storage) } catch { throw ValidationError("--storage: \(error)") }
        }
        guard slotSetting != nil else { throw ValidationError("--writer-slot must be auto or 0...63") }
        if let visibilityDelayMs, !(0...600_000).contains(visibilityDelayMs) {
            throw ValidationError("--visibility-delay-ms must be 0...600000")
        }
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json") }
        guard TLSEngine(rawValue: tlsEngine) != nil else {
            throw ValidationError("--tls-engine must be nio-ssl or openssl")
        }
        guard (0...1_000_000).contains(users) else { throw ValidationError("--users must be 0...1000000") }
    }

    func run() async throws {
        (LogFormat(rawValue: logFormat) ?? .text).bootstrapStandardError(level: .info)
        let logger = Logger(label: "tern")
        let dataDirectory = URL(
            fileURLWithPath: data ?? "tern-dev-data",
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let storeDirectory = dataDirectory + "/store"
        try FileManager.default.createDirectory(atPath: storeDirectory, withIntermediateDirectories: true)
        let storageURL = try storage.map(StorageURL.init(parsing:)) ?? .file(path: storeDirectory)

        let secretPath = secretFile ?? dataDirectory + "/deployment-secret"
        _ = try DeploymentSecret.ensure(file: secretPath)
        let tls = try SelfSignedCertificate.ensure(in: dataDirectory, hostname: hostname)
        var configuration = ServerConfiguration(
            hostname: hostname,
            listeners: .init(
                imap: imap.compactMap(ListenAddress.init), imaps: imaps.compactMap(ListenAddress.init),
                lmtp: [lmtp].compactMap(ServerListenAddress.init), auth: [auth].compactMap(ServerListenAddress.init),
                metrics: metrics.flatMap(ListenAddress.init).map { [$0] } ?? []),
            storage: storageURL,
            tls: tls,
            writerSlot: slotSetting ?? .auto,
            deploymentSecretFile: secretPath,
            kdf: DevUsers.storageKDF,
            // Load tests open thousands of connections from loopback: no per-address caps in dev.
            limits: ServerConfiguration.Limits(maxConnectionsPerIP: 20_000, maxConnectionsPerUserIP: 20_000),
            loginDisabledWithoutTLS: false,
            userFile: dataDirectory + "/users.toml")
        configuration.tlsEngine = TLSEngine(rawValue: tlsEngine) ?? .nioSSL
        configuration.visibilityDelayMillis = visibilityDelayMs
        try configuration.validate()
        let provisioning = ServerRuntime.Provisioning(users: DevUsers(bulkCount: users, bulkPassword: usersPassword))

        try await ServerRuntime.run(configuration: configuration, provisioning: provisioning, logger: logger) {
            report in
            print(Self.instructions(report: report, dataDirectory: dataDirectory, storage: storageURL,
                                    certificate: tls.certificatePath, bulkUsers: users, bulkPassword: usersPassword))
            print(report.readyLine)
            fflush(nil)  // the launcher waits for the ready line, and stdout may be a pipe
        }
    }

    /// `--writer-slot`: "auto" or 0...63; nil for anything else.
    var slotSetting: WriterSlotSetting? {
        if writerSlot == "auto" { return .auto }
        guard let slot = UInt8(writerSlot), slot < 64 else { return nil }
        return .fixed(slot)
    }

    static func instructions(
        report: ServerReport, dataDirectory: String, storage: StorageURL, certificate: String, bulkUsers: Int,
        bulkPassword: String
    ) -> String {
        let imapPort = report.imap.first.map { String($0.port) } ?? "-"
        let imapsPort = report.imaps.first.map { String($0.port) } ?? "-"
        var lines = [
            "tern dev is running.",
            "  data directory: \(dataDirectory)",
            "  storage:        \(storage)",
            "  IMAP:           \(report.imap.map(\.description).joined(separator: ", ")) (STARTTLS available)",
            "  IMAPS:          \(report.imaps.map(\.description).joined(separator: ", ")) (implicit TLS)",
            "  LMTP:           \(report.lmtp.joined(separator: ", "))",
            "  SASL auth:      \(report.auth.joined(separator: ", ")) (Dovecot protocol, for Postfix)",
            "  writer slot:    \(report.writerSlot.map(String.init) ?? "-")",
            "  certificate:    \(certificate) (self-signed)",
            "  SHA-256:        \(report.certificateFingerprint ?? "-")",
            "  user:           alice / hunter2 (alice@example.tld)",
        ]
        if bulkUsers > 0 { lines.append("  bulk users:     user1 ... user\(bulkUsers) / \(bulkPassword)") }
        if !report.metrics.isEmpty {
            lines.append("  metrics:        " + report.metrics.map { "http://\($0)/metrics" }.joined(separator: ", "))
        }
        lines += [
            "",
            "Connect a mail client (e.g. Thunderbird: Account Settings > Add Mail Account > Configure manually):",
            "  Incoming server: IMAP, hostname localhost, port \(imapPort), connection security STARTTLS,",
            "                   authentication Normal password, username alice, password hunter2",
            "  (or port \(imapsPort) with SSL/TLS). Accept the self-signed certificate after checking that its",
            "  SHA-256 fingerprint is the one above.",
            "  Quick check:     openssl s_client -starttls imap -connect 127.0.0.1:\(imapPort)",
            "Stop with Ctrl-C.",
        ]
        return lines.joined(separator: "\n")
    }
}
