/// Why a query could not be answered. SESSION maps the codes to responses (see README.md).
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// BINARY of a part whose Content-Transfer-Encoding cannot be undone: `NO [UNKNOWN-CTE]`.
        public static let unknownTransferEncoding = Code("unknown-transfer-encoding")
        /// SEARCH CHARSET names a charset Tern cannot convert: `NO [BADCHARSET]`.
        public static let badCharset = Code("bad-charset")
        /// A literal was announced but could not be completed: the connection must be closed.
        public static let streamBroken = Code("stream-broken")
        /// The command went past its budget (time, or SORT/THREAD key memory): `NO [LIMIT]`.
        public static let limit = Code("limit")
        /// A storage read failed before anything of the message was written: `NO [UNAVAILABLE]`.
        public static let storage = Code("storage")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
