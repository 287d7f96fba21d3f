/// Why a user file could not be read, parsed or written.
public struct UserFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The file could not be read or written (missing, permissions, disk).
        public static let io = Code(name: "io")
        /// Not valid TOML, or not the shape of a Tern user file (unknown key, wrong type).
        public static let syntax = Code(name: "syntax")
        /// Valid TOML with contents that make no sense: a duplicate login or address, a bad name.
        public static let invalid = Code(name: "invalid")
        /// Larger than `UserDirectory.maxFileBytes`.
        public static let tooLarge = Code(name: "tooLarge")
        /// `tern user add` for a login that exists.
        public static let userExists = Code(name: "userExists")
        /// A command names a login the file does not have.
        public static let noSuchUser = Code(name: "noSuchUser")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
