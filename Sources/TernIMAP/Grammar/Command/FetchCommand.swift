/// FETCH / UID FETCH (RFC 9051 §6.4.5, CONDSTORE / QRESYNC modifiers RFC 7162).
public struct FetchCommand: Hashable, Sendable {
    public var isUID: Bool
    public var set: SequenceSet
    public var items: FetchItems
    /// `(CHANGEDSINCE n VANISHED)`; empty when absent.
    public var modifiers: [FetchModifier]

    public init(isUID: Bool = false, set: SequenceSet, items: FetchItems, modifiers: [FetchModifier] = []) {
        self.isUID = isUID
        self.set = set
        self.items = items
        self.modifiers = modifiers
    }
}

/// What FETCH asks for: a macro, one attribute without parentheses, or a parenthesised list.
public enum FetchItems: Hashable, Sendable {
    /// `ALL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`
    case all
    /// `FAST` = `(FLAGS INTERNALDATE RFC822.SIZE)`
    case fast
    /// `FULL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)`
    case full
    case single(FetchAttribute)
    case list([FetchAttribute])

    /// The attributes with macros expanded.
    public var attributes: [FetchAttribute] {
        switch self {
        case .all: return [.flags, .internalDate, .rfc822Size, .envelope]
        case .fast: return [.flags, .internalDate, .rfc822Size]
        case .full: return [.flags, .internalDate, .rfc822Size, .envelope, .body]
        case .single(let attribute): return [attribute]
        case .list(let attributes): return attributes
        }
    }
}

/// `fetch-att` (RFC 9051, RFC 3501's RFC822.*, BINARY RFC 3516, MODSEQ RFC 7162).
public enum FetchAttribute: Hashable, Sendable {
    case envelope
    case flags
    case internalDate
    case rfc822
    case rfc822Header
    case rfc822Size
    case rfc822Text
    /// `BODY` (non-extensible BODYSTRUCTURE)
    case body
    case bodyStructure
    case uid
    case modSeq
    /// `BODY[section]<partial>` or `BODY.PEEK[section]<partial>`
    case bodySection(SectionSpecifier, partial: Partial?, peek: Bool)
    /// `BINARY[part]<partial>` or `BINARY.PEEK[part]<partial>`
    case binary(part: [UInt32], partial: Partial?, peek: Bool)
    /// `BINARY.SIZE[part]`
    case binarySize(part: [UInt32])
}

public enum FetchModifier: Hashable, Sendable {
    /// `CHANGEDSINCE mod-sequence-value`
    case changedSince(ModSeq)
    /// `VANISHED` (QRESYNC, UID FETCH only)
    case vanished
}
