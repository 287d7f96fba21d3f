/// Why `OpenSSLServerHandler` closed a connection: logged by the handler, and passed down the pipeline to the
/// session.
struct OpenSSLConnectionError: Error, Hashable, Sendable, CustomStringConvertible {
    struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The handshake failed (no shared version or cipher, not TLS at all, a bad record...).
        static let handshakeFailed = Code(name: "handshakeFailed")
        /// A record after the handshake could not be processed (bad MAC, unexpected message, renegotiation...).
        static let protocolError = Code(name: "protocolError")
        /// OpenSSL could not allocate a connection.
        static let setupFailed = Code(name: "setupFailed")
        var description: String { name }
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "TLS \(code): \(message)" }
}
