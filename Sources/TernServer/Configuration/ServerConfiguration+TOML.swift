import Foundation
import Logging
import TOMLKit
import TernAuth
import TernCrypto
import TernStorage

extension ServerConfiguration {
    /// Parses a `tern serve` configuration file. Relative paths are taken from `baseDirectory` (the
    /// file's directory). Every error names the key; unknown keys are errors.
    public static func parse(toml text: String, baseDirectory: String) throws(ConfigurationError) -> ServerConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                .syntax, key: "", "TOML syntax error at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigurationError(.syntax, key: "", "TOML syntax error: \(error)")
        }
        var root = TOMLSection(table)
        func path(_ text: String) -> String {
            text.hasPrefix("/") ? text : URL(fileURLWithPath: baseDirectory).appendingPathComponent(text).path
        }

        let hostname = try root.string("hostname") ?? ProcessInfo.processInfo.hostName
        let slot = try parseWriterSlot(&root)
        let leaseSeconds = try root.int("writer_lease_seconds", in: 6...3600)
        guard let secretFile = try root.string("deployment_secret_file") else {
            throw ConfigurationError(.missingKey, key: "deployment_secret_file", "required: a file holding the deployment secret as hex (`openssl rand -hex 32`)")
        }
        guard let userFile = try root.string("user_file") else {
            throw ConfigurationError(.missingKey, key: "user_file", "required: the static user file")
        }
        let logLevel = try parseLogLevel(root.string("log_level"))
        let logFormat = try parseLogFormat(root.string("log_format"))

        guard var listen = try root.section("listen") else {
            throw ConfigurationError(.missingKey, key: "listen", "required: a [listen] table")
        }
        let listeners = Listeners(
            imap: try addresses(&listen, "imap"), imaps: try addresses(&listen, "imaps"),
            lmtp: try socketAddresses(&listen, "lmtp"), auth: try socketAddresses(&listen, "auth"),
            metrics: try addresses(&listen, "metrics"), http: try addresses(&listen, "http"),
            https: try addresses(&listen, "https"))
        try listen.rejectUnknownKeys()

        guard var storageSection = try root.section("storage"), let urlText = try storageSection.string("url") else {
            throw ConfigurationError(.missingKey, key: "storage.url", "required: file:///path or s3://bucket?...")
        }
        let storage: StorageURL
        do {
            storage = try StorageURL(parsing: urlText)
        } catch {
            throw ConfigurationError(.invalidValue, key: "storage.url", "\(error)")
        }
        let credentials = try s3Credentials(&storageSection, path: path)
        let s3MaxConnections = try storageSection.int("s3_max_connections", in: 1...1024)
        let visibilityDelay = try storageSection.int("visibility_delay_ms", in: 0...600_000)
        try storageSection.rejectUnknownKeys()

        var tls: TLSFiles?
        var tlsEngine = TLSEngine.nioSSL
        if var section = try root.section("tls") {
            guard let certificate = try section.string("certificate") else {
                throw ConfigurationError(.missingKey, key: "tls.certificate", "required in [tls]: PEM certificate chain")
            }
            guard let key = try section.string("key") else {
                throw ConfigurationError(.missingKey, key: "tls.key", "required in [tls]: PEM private key")
            }
            if let engine = try section.string("engine") {
                guard let parsed = TLSEngine(rawValue: engine) else {
                    let names = TLSEngine.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError(.invalidValue, key: "tls.engine", "'\(engine)' is not one of \(names)")
                }
                tlsEngine = parsed
            }
            try section.rejectUnknownKeys()
            tls = TLSFiles(certificatePath: path(certificate), keyPath: path(key))
        }

        var loginDisabled = true
        if var imap = try root.section("imap") {
            loginDisabled = try imap.bool("login_disabled_without_tls") ?? true
            try imap.rejectUnknownKeys()
        }

        var limits = Limits()
        if var section = try root.section("limits") {
            limits.maxMessageBytes = try section.int("max_message_bytes", in: 1024...(4 << 30)) ?? limits.maxMessageBytes
            limits.maxConnections = try section.int("max_connections", in: 1...1_000_000) ?? limits.maxConnections
            limits.idleTimeoutSeconds =
                try section.int("idle_timeout_seconds", in: 60...86_400) ?? limits.idleTimeoutSeconds
            limits.maxConnectionsPerIP =
                try section.int("max_connections_per_ip", in: 1...1_000_000) ?? limits.maxConnectionsPerIP
            limits.maxConnectionsPerUserIP =
                try section.int("max_connections_per_user_ip", in: 1...1_000_000) ?? limits.maxConnectionsPerUserIP
            limits.preLoginTimeoutSeconds =
                try section.int("prelogin_timeout_seconds", in: 5...3600) ?? limits.preLoginTimeoutSeconds
            limits.tlsHandshakeTimeoutSeconds =
                try section.int("tls_handshake_timeout_seconds", in: 1...600) ?? limits.tlsHandshakeTimeoutSeconds
            limits.queryTimeoutSeconds =
                try section.int("query_timeout_seconds", in: 0...86_400) ?? limits.queryTimeoutSeconds
            limits.maxAppendBatchBytes =
                try section.int("max_append_batch_bytes", in: 1024...(64 << 30)) ?? limits.maxAppendBatchBytes
            limits.queryMaxKeyBytes =
                try section.int("query_max_key_bytes", in: (1 << 20)...(16 << 30)) ?? limits.queryMaxKeyBytes
            limits.deliveryRetryWindowSeconds =
                try section.int("delivery_retry_window_seconds", in: 0...(30 * 86_400))
                ?? limits.deliveryRetryWindowSeconds
            try section.rejectUnknownKeys()
        }

        var authEndpoint = AuthEndpoint()
        if var section = try root.section("auth") {
            if let texts = try section.strings("trusted_peers") {
                var networks: [TrustedPeers.Network] = []
                for text in texts {
                    guard let network = TrustedPeers.Network(text) else {
                        throw ConfigurationError(
                            .invalidValue, key: section.fullKey("trusted_peers"),
                            "'\(text)' is not an IP address or ADDR/PREFIX network")
                    }
                    networks.append(network)
                }
                authEndpoint.trustedPeers = TrustedPeers(networks)
            }
            authEndpoint.requireSecureTransport =
                try section.bool("require_secure_transport") ?? authEndpoint.requireSecureTransport
            try section.rejectUnknownKeys()
        }

        var quota: UInt64?
        if var section = try root.section("quota") {
            quota = try section.int("storage_bytes", in: 1...Int.max).map(UInt64.init)
            try section.rejectUnknownKeys()
        }

        var kdf = ScryptParameters.default
        if var section = try root.section("kdf") {
            let log2N = try section.int("log2_n", in: 1...Int(ScryptParameters.maxLog2N)) ?? Int(kdf.log2N)
            let blockSize = try section.int("block_size", in: 1...Int(ScryptParameters.maxBlockSize)) ?? Int(kdf.blockSize)
            let parallelism =
                try section.int("parallelism", in: 1...Int(ScryptParameters.maxParallelism)) ?? Int(kdf.parallelism)
            do {
                kdf = try ScryptParameters(
                    log2N: UInt8(log2N), blockSize: UInt32(blockSize), parallelism: UInt32(parallelism))
            } catch {
                throw ConfigurationError(.invalidValue, key: "kdf", "\(error)")
            }
            try section.rejectUnknownKeys()
        }
        let autoconfig = try parseAutoconfig(&root)
        try root.rejectUnknownKeys()

        var configuration = ServerConfiguration(
            hostname: hostname, listeners: listeners, storage: storage, s3Credentials: credentials, tls: tls,
            writerSlot: slot, deploymentSecretFile: path(secretFile), kdf: kdf, limits: limits,
            quotaBytes: quota, loginDisabledWithoutTLS: loginDisabled, userFile: path(userFile), logLevel: logLevel,
            authEndpoint: authEndpoint)
        if let s3MaxConnections { configuration.s3MaxConnections = s3MaxConnections }
        if let leaseSeconds { configuration.writerLeaseSeconds = leaseSeconds }
        configuration.visibilityDelayMillis = visibilityDelay
        configuration.logFormat = logFormat
        configuration.tlsEngine = tlsEngine
        configuration.autoconfig = autoconfig
        try configuration.validate()
        return configuration
    }

    /// Reads and parses a configuration file.
    public static func load(file: String) throws(ConfigurationError) -> ServerConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(.unreadableFile, key: "", "cannot read \(file): \(error.localizedDescription)")
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        return try parse(toml: text, baseDirectory: directory)
    }

    private static func addresses(_ section: inout TOMLSection, _ key: String) throws(ConfigurationError) -> [ListenAddress] {
        var result: [ListenAddress] = []
        for text in try section.strings(key) ?? [] {
            guard let address = ListenAddress(text) else {
                throw ConfigurationError(
                    .invalidValue, key: section.fullKey(key), "'\(text)' is not ADDR:PORT (IPv6 in brackets: [::]:143)")
            }
            result.append(address)
        }
        return result
    }

    private static func socketAddresses(
        _ section: inout TOMLSection, _ key: String
    ) throws(ConfigurationError) -> [ServerListenAddress] {
        var result: [ServerListenAddress] = []
        for text in try section.strings(key) ?? [] {
            guard let address = ServerListenAddress(text) else {
                throw ConfigurationError(
                    .invalidValue, key: section.fullKey(key), "'\(text)' is not ADDR:PORT or unix:PATH")
            }
            result.append(address)
        }
        return result
    }

    private static func s3Credentials(
        _ section: inout TOMLSection, path: (String) -> String
    ) throws(ConfigurationError) -> S3Credentials? {
        let keyID = try section.string("access_key_id")
        let secretFile = try section.string("secret_access_key_file")
        switch (keyID, secretFile) {
        case (nil, nil):
            return nil
        case (let keyID?, let secretFile?):
            let secret: String
            do {
                secret = try String(contentsOfFile: path(secretFile), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ConfigurationError(
                    .unreadableFile, key: section.fullKey("secret_access_key_file"), "cannot read \(path(secretFile))")
            }
            return S3Credentials(accessKeyID: keyID, secretAccessKey: secret)
        case (nil, _):
            throw ConfigurationError(.missingKey, key: section.fullKey("access_key_id"), "needed with secret_access_key_file")
        case (_, nil):
            throw ConfigurationError(.missingKey, key: section.fullKey("secret_access_key_file"), "needed with access_key_id")
        }
    }

    private static func parseLogFormat(_ text: String?) throws(ConfigurationError) -> LogFormat {
        guard let text else { return .text }
        guard let format = LogFormat(rawValue: text) else {
            throw ConfigurationError(.invalidValue, key: "log_format", "'\(text)' is not one of text, json")
        }
        return format
    }

    private static func parseLogLevel(_ text: String?) throws(ConfigurationError) -> Logger.Level {
        guard let text else { return .info }
        guard let level = Logger.Level(rawValue: text) else {
            throw ConfigurationError(
                .invalidValue, key: "log_level", "'\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}
