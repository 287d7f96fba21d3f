/// `section` of FETCH `BODY[...]` / `BINARY[...]` (RFC 9051 §6.4.5): a part path plus what to return.
///
/// `part` is the dotted MIME part number (`1.2.3`), empty for the whole message. `.mime` needs a part.
/// BINARY sections (`section-binary`) carry only a part path and use `.complete`.
public struct SectionSpecifier: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `BODY[]` or `BODY[1.2]`: the whole message or part.
        case complete
        /// `HEADER`
        case header
        /// `HEADER.FIELDS (names)`; names as astrings (never empty).
        case headerFields([ByteString])
        /// `HEADER.FIELDS.NOT (names)`
        case headerFieldsNot([ByteString])
        /// `TEXT`
        case text
        /// `MIME`: the MIME header of a part (requires a non-empty part path).
        case mime
    }

    public var part: [UInt32]
    public var kind: Kind

    public init(part: [UInt32] = [], kind: Kind = .complete) {
        self.part = part
        self.kind = kind
    }

    public static let complete = SectionSpecifier()
    public static let header = SectionSpecifier(kind: .header)
    public static let text = SectionSpecifier(kind: .text)

    /// Valid as sent: non-zero part numbers and `MIME` only below a part.
    public var isValid: Bool {
        guard part.allSatisfy({ $0 > 0 }) else { return false }
        if case .mime = kind { return !part.isEmpty }
        return true
    }
}
