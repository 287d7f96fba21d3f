/// `search-key` (RFC 9051 §6.4.4, RFC 3501's NEW/OLD/RECENT, MODSEQ of RFC 7162). Nesting (`NOT`, `OR`,
/// parenthesised groups) is bounded by the parser's `maxNestingDepth` and `maxSearchKeys`.
public indirect enum SearchKey: Hashable, Sendable {
    case all
    case answered
    case deleted
    case draft
    case flagged
    case seen
    case unanswered
    case undeleted
    case undraft
    case unflagged
    case unseen
    /// RFC 3501 only
    case new
    case old
    case recent
    case keyword(Flag)
    case unkeyword(Flag)
    case bcc(ByteString)
    case body(ByteString)
    case cc(ByteString)
    case from(ByteString)
    case subject(ByteString)
    case text(ByteString)
    case to(ByteString)
    case header(field: ByteString, value: ByteString)
    case before(IMAPDate)
    case on(IMAPDate)
    case since(IMAPDate)
    case sentBefore(IMAPDate)
    case sentOn(IMAPDate)
    case sentSince(IMAPDate)
    case larger(UInt64)
    case smaller(UInt64)
    case uid(SequenceSet)
    case sequenceSet(SequenceSet)
    case not(SearchKey)
    case or(SearchKey, SearchKey)
    /// `( key *(SP key) )`
    case and([SearchKey])
    /// `MODSEQ ["/flags/\Seen" priv|shared|all] n` (RFC 7162)
    case modSeq(ModSeq, entry: SearchModSeqEntry?)
}

/// The optional entry of a MODSEQ search key: a flag's metadata item and its type.
public struct SearchModSeqEntry: Hashable, Sendable {
    public enum EntryType: String, Hashable, Sendable {
        case privateEntry = "priv"
        case shared = "shared"
        case all = "all"
    }

    public var flag: Flag
    public var type: EntryType

    public init(flag: Flag, type: EntryType) {
        self.flag = flag
        self.type = type
    }
}
