/// TLS material that cannot be used (unreadable file, not PEM, key does not match).
public struct TLSSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let unreadableFile = Code(name: "unreadableFile")
        public static let invalidMaterial = Code(name: "invalidMaterial")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
