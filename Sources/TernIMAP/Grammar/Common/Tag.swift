/// A command tag: `tag = 1*<any ASTRING-CHAR except "+">` (RFC 9051 §9).
///
/// Tags are kept exactly as the client sent them (they are echoed back byte for byte).
public struct Tag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue` against the tag grammar; returns nil for an empty tag or a forbidden byte.
    public init?(_ rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.allSatisfy(Tag.isTagByte) else { return nil }
        self.rawValue = rawValue
    }

    /// Used by the parser after it has validated every byte.
    init(validated rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// ASTRING-CHAR minus "+".
    static func isTagByte(_ byte: UInt8) -> Bool {
        byte != UInt8(ascii: "+") && IMAPCharacterClass.isAStringByte(byte)
    }
}
