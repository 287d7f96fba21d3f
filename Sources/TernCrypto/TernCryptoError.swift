/// Every failure TernCrypto reports. Authentication failures deliberately carry no detail about
/// *which* check failed beyond the code: tampering, truncation and a wrong key look alike.
public struct TernCryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// A sealed chunk, wrapped key or envelope did not authenticate: tampered, truncated,
        /// reordered, spliced from another blob, or opened with the wrong key.
        public static let authenticationFailed = Code("authenticationFailed")
        /// The password did not unwrap the user keys.
        public static let wrongPassword = Code("wrongPassword")
        /// A format version byte this build does not know.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// Bytes that cannot be a valid header, key file or stream (bad length, bad field).
        public static let malformed = Code("malformed")
        /// A parameter outside the accepted bounds (KDF cost, chunk size, byte range).
        public static let invalidParameter = Code("invalidParameter")
        /// The input stream ended before the stream's final chunk.
        public static let truncated = Code("truncated")
        /// The underlying primitive failed (e.g. the KDF ran out of its memory budget).
        public static let primitiveFailure = Code("primitiveFailure")

        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "TernCryptoError(\(code)): \(message)" }
}
