/// A configuration that cannot be used: names the key (`section.key`) or file and says why.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let syntax = Code(name: "syntax")
        public static let unknownKey = Code(name: "unknownKey")
        public static let wrongType = Code(name: "wrongType")
        public static let missingKey = Code(name: "missingKey")
        public static let invalidValue = Code(name: "invalidValue")
        public static let unreadableFile = Code(name: "unreadableFile")
        public var description: String { name }
    }

    public var code: Code
    /// The dotted key the error is about (`listen.imap`, `storage.url`), or empty for the whole file.
    public var key: String
    public var message: String

    public init(_ code: Code, key: String, _ message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}
