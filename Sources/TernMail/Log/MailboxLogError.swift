/// An error from the mailbox log core: a malformed encoding, an operation that breaks the
/// log's rules, or a limit reached.
public struct MailboxLogError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let truncated = Code("truncated")
        public static let unsupportedVersion = Code("unsupportedVersion")
        public static let malformed = Code("malformed")
        public static let limitExceeded = Code("limitExceeded")
        public static let invalidWriter = Code("invalidWriter")
        /// The operation breaks a rule every honest writer follows (wrong UID slot, clock not
        /// after its dependencies, a reused message id); it is rejected by every frontend alike.
        public static let invalidOperation = Code("invalidOperation")
        /// Same writer and sequence as an applied operation but different content.
        public static let conflictingDuplicate = Code("conflictingDuplicate")
        public static let uidSpaceExhausted = Code("uidSpaceExhausted")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
