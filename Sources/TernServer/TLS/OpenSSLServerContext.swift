import COpenSSL

/// A system-OpenSSL server context (`SSL_CTX`) for `OpenSSLServerHandler`: the certificate chain and key of
/// `[tls]`, TLS 1.2 and later, no renegotiation, no compression, no server-side session cache (resumption by
/// stateless tickets only, so nothing per client outlives its connection), and `SSL_MODE_RELEASE_BUFFERS` so a
/// connection frees its record buffers whenever they are empty. A reload builds a new one; connections keep
/// the context they started with (each `SSL` holds a reference to its `SSL_CTX`).
final class OpenSSLServerContext: @unchecked Sendable {
    // Sendable: the SSL_CTX is only configured in init; afterwards OpenSSL allows SSL_new from any thread.
    let pointer: OpaquePointer

    /// Loads the PEM chain (leaf first) and key; fails with a message naming the file and OpenSSL's reason.
    init(files: ServerConfiguration.TLSFiles) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSSetupError(.invalidMaterial, "OpenSSL: cannot create a TLS context (\(Self.drainErrors()))")
        }
        pointer = context
        guard tern_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSSetupError(.invalidMaterial, "OpenSSL: cannot require TLS 1.2 (\(Self.drainErrors()))")
        }
        SSL_CTX_set_options(
            context,
            tern_ssl_op_no_renegotiation() | tern_ssl_op_no_compression() | tern_ssl_op_cipher_server_preference())
        _ = tern_ssl_ctx_set_mode(context, tern_ssl_mode_release_buffers())
        _ = tern_ssl_ctx_set_session_cache_mode(context, tern_ssl_sess_cache_off())
        guard SSL_CTX_use_certificate_chain_file(context, files.certificatePath) == 1 else {
            throw TLSSetupError(
                .invalidMaterial,
                "tls.certificate \(files.certificatePath): OpenSSL cannot load it (\(Self.drainErrors()))")
        }
        guard SSL_CTX_use_PrivateKey_file(context, files.keyPath, SSL_FILETYPE_PEM) == 1 else {
            // OpenSSL checks here that the key is the certificate's (a mismatch is "key values mismatch").
            throw TLSSetupError(
                .invalidMaterial,
                "tls.key \(files.keyPath): OpenSSL cannot use it with tls.certificate \(files.certificatePath) "
                    + "(\(Self.drainErrors()))")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSSetupError(
                .invalidMaterial,
                "tls.key \(files.keyPath) does not belong to tls.certificate \(files.certificatePath) "
                    + "(\(Self.drainErrors()))")
        }
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// Empties this thread's OpenSSL error queue into one line (OpenSSL's own texts, oldest first).
    static func drainErrors() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no OpenSSL reason given" : reasons.joined(separator: "; ")
    }
}
