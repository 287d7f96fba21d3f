/// The one error type every storage backend throws (besides `CancellationError`).
///
/// Callers switch on `code`; `message` is for logs and for an admin, never for control flow.
public struct StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value callers can compare against the `static let` codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The blob or row does not exist.
        public static let notFound = Code("notFound")
        /// A conditional create (`WriteCondition.ifAbsent`) found the key already present.
        public static let alreadyExists = Code("alreadyExists")
        /// The backend cannot be reached or failed transiently (I/O error, 5xx, timeout); retrying later may work.
        public static let unavailable = Code("unavailable")
        /// The request itself is wrong (bad key, length mismatch, limit exceeded); retrying will not help.
        public static let invalidArgument = Code("invalidArgument")
        /// Stored or transferred data is not what was written (short body, wrong length, corrupt store).
        public static let integrity = Code("integrity")
        /// The backend refused access (credentials, permissions).
        public static let permissionDenied = Code("permissionDenied")
        /// The storage URL or backend configuration is unusable.
        public static let invalidConfiguration = Code("invalidConfiguration")
    }

    public var code: Code
    public var message: String
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "StorageError.\(code): \(message)" }

    public static func == (lhs: StorageError, rhs: StorageError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}
