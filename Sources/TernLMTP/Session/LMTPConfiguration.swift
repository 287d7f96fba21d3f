/// Limits and identity of an LMTP listener.
public struct LMTPConfiguration: Hashable, Sendable {
    /// Name used in the greeting and the first LHLO line.
    public var hostname: String
    /// Largest message accepted, in decoded bytes; advertised as `SIZE`.
    public var maxMessageBytes: Int
    /// Longest command line, line ending included (RFC 5321 asks for at least 512).
    public var maxCommandLineLength: Int
    /// Recipients per transaction (RFC 5321 asks for at least 100).
    public var maxRecipients: Int
    /// Syntax and sequence errors tolerated before the session is closed with 421.
    public var maxErrors: Int
    /// Unprocessed input held at once. The shell reads only when asked (`.readMore`), so this is one read plus a
    /// partial line; more means the shell broke that rule and the session is closed with 421.
    public var maxBufferedInput: Int

    public init(
        hostname: String,
        maxMessageBytes: Int = 64 * 1024 * 1024,
        maxCommandLineLength: Int = 2048,
        maxRecipients: Int = 100,
        maxErrors: Int = 10,
        maxBufferedInput: Int = 256 * 1024
    ) {
        self.hostname = hostname
        self.maxMessageBytes = maxMessageBytes
        self.maxCommandLineLength = maxCommandLineLength
        self.maxRecipients = maxRecipients
        self.maxErrors = maxErrors
        self.maxBufferedInput = maxBufferedInput
    }
}
