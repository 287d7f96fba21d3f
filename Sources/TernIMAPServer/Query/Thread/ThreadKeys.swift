import TernMIME

/// What THREAD (RFC 5256) uses of one message.
///
/// Bounded: the subject key keeps its first `SortKeys.maxKeyBytes` bytes, a message id its first
/// `maxIDBytes`, and the references their last `maxReferences` ids (the nearest ancestors: the last one
/// is the parent, and threads deeper than `ReferencesThreader.maxDepth` are flattened anyway). Real ids
/// are under 100 bytes; two different ids equal in their first 512 bytes would be one message here.
public struct ThreadKeys: Sendable, Hashable {
    static let maxIDBytes = 512
    static let maxReferences = ReferencesThreader.maxDepth

    let sequenceNumber: UInt32
    let uid: UInt32
    /// Sent date in UTC seconds (Date header, else INTERNALDATE).
    let date: Int64
    /// The base subject ASCII-uppercased (i;ascii-casemap), the grouping key.
    let subjectKey: [UInt8]
    let isReplyOrForward: Bool
    /// Message-ID without angle brackets; nil when missing or invalid.
    let messageID: String?
    /// Referenced Message-IDs, oldest first (References, else the first of In-Reply-To).
    let references: [String]

    /// - Parameter references: the raw References header value (nil when absent or not read).
    public init(message: QueryMessage, structure: MessageStructure, references: [UInt8]?) {
        let envelope = structure.envelope
        sequenceNumber = message.sequenceNumber
        uid = message.uid
        date = SortKeys.sentSeconds(envelope, internalDateMillis: message.message.internalDateMillis)
        let subject = BaseSubject.extractMarkingReplies(envelope.subject)
        subjectKey = subject.base.utf8.prefix(SortKeys.maxKeyBytes).map(ASCIIFold.upper)
        isReplyOrForward = subject.isReplyOrForward
        messageID = envelope.messageID.flatMap { Self.firstMessageID(in: $0) }
        let referenced = references.map { Self.messageIDs(in: $0) } ?? []
        if referenced.isEmpty, let inReplyTo = envelope.inReplyTo, let first = Self.firstMessageID(in: inReplyTo) {
            self.references = [first]
        } else {
            self.references = referenced
        }
    }

    /// The keys of a message given as values (tests and benchmarks of the threaders).
    init(
        sequenceNumber: UInt32, uid: UInt32, date: Int64, subject: String, messageID: String?, references: [String]
    ) {
        self.sequenceNumber = sequenceNumber
        self.uid = uid
        self.date = date
        let extracted = BaseSubject.extractMarkingReplies(Array(subject.utf8))
        subjectKey = extracted.base.utf8.prefix(SortKeys.maxKeyBytes).map(ASCIIFold.upper)
        isReplyOrForward = extracted.isReplyOrForward
        self.messageID = messageID
        self.references = references
    }

    /// What the keys hold beyond the struct itself (for the command's key memory budget).
    var keyBytes: Int { subjectKey.count + (messageID?.utf8.count ?? 0) + references.reduce(0) { $0 + $1.utf8.count } }

    /// The first `<...>` message id in a header value (Message-ID, In-Reply-To).
    static func firstMessageID(in raw: [UInt8]) -> String? {
        messageIDs(in: raw, stopAtFirst: true).first
    }

    /// The last `maxReferences` `<...>` message ids in a header value, oldest first, without brackets and
    /// white space, each cut at `maxIDBytes`.
    static func messageIDs(in raw: [UInt8], stopAtFirst: Bool = false) -> [String] {
        var ids: [String] = []
        var current: [UInt8]? = nil
        for byte in raw {
            switch byte {
            case UInt8(ascii: "<"):
                current = []
            case UInt8(ascii: ">"):
                if let id = current, !id.isEmpty {
                    ids.append(String(decoding: id, as: UTF8.self))
                    if stopAtFirst { return ids }
                    // Trimmed in batches: amortized constant work per id, at most twice the limit held.
                    if ids.count == 2 * maxReferences { ids.removeFirst(maxReferences) }
                }
                current = nil
            case 0x20, 0x09, 0x0D, 0x0A:
                continue
            default:
                if current != nil, current!.count < maxIDBytes { current!.append(byte) }
            }
        }
        return Array(ids.suffix(maxReferences))
    }
}
