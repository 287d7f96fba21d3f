/// An error from the storage wiring of the mail domain (log store, wake registry). Storage and
/// crypto failures pass through as `StorageError` / `TernCryptoError`; replay rules as
/// `MailboxLogError`.
public struct MailboxStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A stored row or key does not have the shape Tern writes (not its key format, or the
        /// decoded operation does not match the key it is stored under).
        public static let malformedRow = Code("malformedRow")
        /// A configured bound was reached (waiters per process, known keys in the sync window).
        public static let limitExceeded = Code("limitExceeded")
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code("invalidConfiguration")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
