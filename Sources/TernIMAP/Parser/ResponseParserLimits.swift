/// Bounds on what the response parser buffers and builds; hitting one gives a `ParserError`, never a crash.
public struct ResponseParserLimits: Hashable, Sendable {
    /// Longest line (between literals) in bytes.
    public var maxLineLength: Int
    /// Largest literal the parser buffers (FETCH bodies are buffered whole).
    public var maxLiteralSize: Int
    /// Largest complete response (all lines and literals).
    public var maxResponseSize: Int
    /// Deepest nesting of parentheses (BODYSTRUCTURE, THREAD, extension data).
    public var maxNestingDepth: Int
    /// Most items in one list (SEARCH numbers, flags, FETCH items, ...).
    public var maxListItems: Int

    public init(
        maxLineLength: Int = 256 * 1024,
        maxLiteralSize: Int = 64 * 1024 * 1024,
        maxResponseSize: Int = 96 * 1024 * 1024,
        maxNestingDepth: Int = 64,
        maxListItems: Int = 250_000
    ) {
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxResponseSize = maxResponseSize
        self.maxNestingDepth = maxNestingDepth
        self.maxListItems = maxListItems
    }

    public static let `default` = ResponseParserLimits()
}

extension ParserError.Code {
    /// A response (lines plus literals) exceeded `ResponseParserLimits.maxResponseSize`.
    public static let responseTooLarge = ParserError.Code("response-too-large")
}
