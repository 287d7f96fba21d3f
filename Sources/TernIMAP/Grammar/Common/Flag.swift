/// A message flag (RFC 9051 §2.3.2): a system flag (`\Seen` ...), a keyword, `\*` in PERMANENTFLAGS,
/// or an extension flag `\Something`. Compared case-insensitively; the spelling as sent is kept.
public struct Flag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let answered = Flag("\\Answered")
    public static let flagged = Flag("\\Flagged")
    public static let deleted = Flag("\\Deleted")
    public static let seen = Flag("\\Seen")
    public static let draft = Flag("\\Draft")
    /// Only in responses of IMAP4rev1 (removed in IMAP4rev2); a client may not set it.
    public static let recent = Flag("\\Recent")
    /// `\*` in PERMANENTFLAGS: keywords may be created.
    public static let wildcard = Flag("\\*")

    public static func keyword(_ name: String) -> Flag { Flag(name) }

    /// Starts with a backslash: a system or extension flag.
    public var isSystemOrExtension: Bool { rawValue.utf8.first == UInt8(ascii: "\\") }

    public var isKeyword: Bool { !isSystemOrExtension }

    public var description: String { rawValue }

    private var normalized: String { rawValue.lowercased() }

    public static func == (lhs: Flag, rhs: Flag) -> Bool {
        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count && lhs.normalized == rhs.normalized
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}
