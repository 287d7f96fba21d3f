/// `[tls] engine` (`tern serve`) and `--tls-engine` (`tern dev`): which TLS implementation the IMAP listeners use.
/// HTTPS (autoconfiguration) stays on NIOSSL either way.
public enum TLSEngine: String, Sendable, Hashable, CaseIterable {
    /// swift-nio-ssl (BoringSSL): the default until the OpenSSL handler has proved itself.
    case nioSSL = "nio-ssl"
    /// The system OpenSSL with `SSL_MODE_RELEASE_BUFFERS`: an idle session keeps no record buffers.
    case openSSL = "openssl"
}
