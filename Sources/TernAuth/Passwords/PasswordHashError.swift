/// Why a stored password hash cannot be used.
public struct PasswordHashError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A scheme Tern recognises but cannot verify (Argon2id: neither swift-crypto nor libxcrypt has it).
        public static let unsupportedScheme = Code(name: "unsupportedScheme")
        /// Not a hash format Tern knows at all.
        public static let unknownScheme = Code(name: "unknownScheme")
        /// A known scheme with a malformed string or parameters outside the accepted bounds.
        public static let malformed = Code(name: "malformed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
