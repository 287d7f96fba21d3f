import TernAuth
import TernCrypto

extension ServerConfiguration {
    /// The configuration as Tern will run it, as TOML with every key, defaults filled in (what
    /// `tern config check` prints, like `doveconf -n`). Parsing it again gives the same configuration, but
    /// for S3 keys from a file, shown as a comment. Secrets never appear.
    public var effectiveTOML: String {
        var lines: [String] = []
        func key(_ name: String, _ value: String) { lines.append("\(name) = \(value)") }
        func table(_ name: String) { lines.append(contentsOf: ["", "[\(name)]"]) }

        key("hostname", TOMLText.basicString(hostname))
        key("writer_slot", "\(writerSlot)")
        key("writer_lease_seconds", "\(writerLeaseSeconds)")
        key("deployment_secret_file", TOMLText.basicString(deploymentSecretFile))
        key("user_file", TOMLText.basicString(userFile))
        key("log_level", TOMLText.basicString(logLevel.rawValue))
        key("log_format", TOMLText.basicString(logFormat.rawValue))

        table("listen")
        key("imap", Self.list(listeners.imap.map(\.description)))
        key("imaps", Self.list(listeners.imaps.map(\.description)))
        key("lmtp", Self.list(listeners.lmtp.map(\.description)))
        key("auth", Self.list(listeners.auth.map(\.description)))
        key("metrics", Self.list(listeners.metrics.map(\.description)))
        key("http", Self.list(listeners.http.map(\.description)))
        key("https", Self.list(listeners.https.map(\.description)))

        table("storage")
        key("url", TOMLText.basicString(storage.description))
        if let s3Credentials {
            // Commented out: the secret's file name is not kept, and the pair only parses together.
            lines.append("# access_key_id = \(TOMLText.basicString(s3Credentials.accessKeyID)) (secret_access_key_file read)")
        } else {
            lines.append("# S3 keys: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment, if any")
        }
        key("s3_max_connections", "\(s3MaxConnections)")
        key("visibility_delay_ms", "\(effectiveVisibilityDelayMillis)")

        if let tls {
            table("tls")
            key("certificate", TOMLText.basicString(tls.certificatePath))
            key("key", TOMLText.basicString(tls.keyPath))
            key("engine", TOMLText.basicString(tlsEngine.rawValue))
        }

        table("imap")
        key("login_disabled_without_tls", "\(loginDisabledWithoutTLS)")

        table("limits")
        key("max_message_bytes", "\(limits.maxMessageBytes)")
        key("max_append_batch_bytes", "\(limits.maxAppendBatchBytes)")
        key("max_connections", "\(limits.maxConnections)")
        key("idle_timeout_seconds", "\(limits.idleTimeoutSeconds)")
        key("max_connections_per_ip", "\(limits.maxConnectionsPerIP)")
        key("max_connections_per_user_ip", "\(limits.maxConnectionsPerUserIP)")
        key("prelogin_timeout_seconds", "\(limits.preLoginTimeoutSeconds)")
        key("tls_handshake_timeout_seconds", "\(limits.tlsHandshakeTimeoutSeconds)")
        key("query_timeout_seconds", "\(limits.queryTimeoutSeconds)")
        key("query_max_key_bytes", "\(limits.queryMaxKeyBytes)")
        key("delivery_retry_window_seconds", "\(limits.deliveryRetryWindowSeconds)")

        table("auth")
        key("trusted_peers", Self.list(authEndpoint.trustedPeers.networks.map(\.description)))
        key("require_secure_transport", "\(authEndpoint.requireSecureTransport)")

        if let quotaBytes {
            table("quota")
            key("storage_bytes", "\(quotaBytes)")
        } else {
            lines.append("")
            lines.append("# [quota] storage_bytes: none (unlimited)")
        }

        lines += effectiveAutoconfigLines()

        table("kdf")
        key("log2_n", "\(kdf.log2N)")
        key("block_size", "\(kdf.blockSize)")
        key("parallelism", "\(kdf.parallelism)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(TOMLText.basicString).joined(separator: ", ") + "]"
    }
}
