/// Bounds the parsers enforce. Every limit, when hit, produces an error value (never a crash) and the
/// parser's own buffered memory never exceeds ``maxCommandSize`` (plus one line).
public struct ParserLimits: Hashable, Sendable {
    /// Longest line (bytes between CRLFs, excluding literal data) the parser accepts (64 KiB by default,
    /// as Dovecot: an RFC 2971 ID may carry 30 values of 1,024 bytes on one line).
    public var maxLineLength: Int
    /// Largest literal inside a command other than APPEND message data (mailbox names, search strings...).
    public var maxLiteralSize: Int
    /// Largest APPEND message literal (streamed, never buffered; APPENDLIMIT).
    public var maxAppendMessageSize: UInt64
    /// Largest complete command held in memory: all its lines plus its (non-APPEND) literals.
    public var maxCommandSize: Int
    /// Deepest nesting of parenthesised lists and search keys (`NOT`, `OR`, `(...)`).
    public var maxNestingDepth: Int
    /// Most elements in any one list (flags, fetch attributes, header names, capabilities...).
    public var maxListItems: Int
    /// Most ranges in one sequence set.
    public var maxSequenceRanges: Int
    /// Most search keys in one SEARCH / SORT / THREAD command, counting nested keys.
    public var maxSearchKeys: Int
    /// Most messages in one MULTIAPPEND.
    public var maxAppendMessages: Int

    public init(
        maxLineLength: Int = 64 * 1024,
        maxLiteralSize: Int = 64 * 1024,
        maxAppendMessageSize: UInt64 = 64 * 1024 * 1024,
        maxCommandSize: Int = 256 * 1024,
        maxNestingDepth: Int = 32,
        maxListItems: Int = 1024,
        maxSequenceRanges: Int = 4096,
        maxSearchKeys: Int = 1024,
        maxAppendMessages: Int = 1000
    ) {
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxAppendMessageSize = maxAppendMessageSize
        self.maxCommandSize = maxCommandSize
        self.maxNestingDepth = maxNestingDepth
        self.maxListItems = maxListItems
        self.maxSequenceRanges = maxSequenceRanges
        self.maxSearchKeys = maxSearchKeys
        self.maxAppendMessages = maxAppendMessages
    }

    public static let `default` = ParserLimits()
}
