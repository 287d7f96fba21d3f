/// A parse failure from the lexer or a grammar parser.
///
/// `code` says what went wrong in a way a server can act on (``incomplete`` means "feed more bytes";
/// ``literalTooLarge`` may deserve `NO [TOOBIG]`; the rest are `BAD`); `message` is a short human text
/// suitable for a tagged BAD; `offset` is the byte offset in the parsed input where it happened.
public struct ParserError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// More input is needed (only seen by callers parsing partial data).
        public static let incomplete = Code("incomplete")
        /// The bytes do not match the grammar.
        public static let malformed = Code("malformed")
        /// The command name is not one this parser knows.
        public static let unknownCommand = Code("unknown-command")
        /// A line exceeded `ParserLimits.maxLineLength`.
        public static let lineTooLong = Code("line-too-long")
        /// A literal exceeded `maxLiteralSize` / `maxAppendMessageSize`.
        public static let literalTooLarge = Code("literal-too-large")
        /// A non-synchronizing literal the server's LITERAL- / no-LITERAL+ policy does not allow.
        public static let nonSynchronizingLiteralRejected = Code("non-synchronizing-literal-rejected")
        /// A command's buffered bytes exceeded `maxCommandSize`.
        public static let commandTooLarge = Code("command-too-large")
        /// Parentheses or search keys nested deeper than `maxNestingDepth`.
        public static let nestingTooDeep = Code("nesting-too-deep")
        /// A list, sequence set or search program had more items than allowed.
        public static let tooManyItems = Code("too-many-items")
        /// The caller refused a synchronizing literal (see `CommandParser.refuseLiteral`).
        public static let literalRefused = Code("literal-refused")
    }

    public var code: Code
    public var message: String
    public var offset: Int

    public init(_ code: Code, _ message: String, offset: Int = 0) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(code): \(message) (at byte \(offset))" }
}
