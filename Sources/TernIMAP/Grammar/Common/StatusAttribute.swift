/// `status-att` of STATUS and LIST-STATUS (RFC 9051, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE,
/// RFC 7889 APPENDLIMIT).
public enum StatusAttribute: String, Hashable, Sendable, CaseIterable {
    case messages = "MESSAGES"
    case recent = "RECENT"
    case uidNext = "UIDNEXT"
    case uidValidity = "UIDVALIDITY"
    case unseen = "UNSEEN"
    case deleted = "DELETED"
    case size = "SIZE"
    case highestModSeq = "HIGHESTMODSEQ"
    case appendLimit = "APPENDLIMIT"

    /// Case-insensitive lookup of an attribute name.
    public init?(name: some Collection<UInt8>) {
        let upper = String(decoding: name.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        self.init(rawValue: upper)
    }
}
