/// A string value of the IMAP grammar (astring, string, nstring contents) as raw bytes.
///
/// IMAP strings are octets: passwords, search texts in a declared charset and header values need not be
/// UTF-8, so the bytes are kept exactly. `form` records how the value was written (see ``StringForm``)
/// and is ignored by `==` and hashing.
public struct ByteString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var bytes: [UInt8]
    public var form: StringForm?

    public init(_ bytes: [UInt8], form: StringForm? = nil) {
        self.bytes = bytes
        self.form = form
    }

    public init(_ string: String, form: StringForm? = nil) {
        self.bytes = Array(string.utf8)
        self.form = form
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The bytes decoded as UTF-8 (invalid sequences replaced with U+FFFD).
    public var stringValue: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { stringValue }

    public static func == (lhs: ByteString, rhs: ByteString) -> Bool { lhs.bytes == rhs.bytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
