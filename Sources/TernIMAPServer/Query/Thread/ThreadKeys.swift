import TernMIME

/// What THREAD (RFC 5256) uses of one message.
public struct ThreadKeys: Sendable, Hashable {
    let sequenceNumber: UInt32
    let uid: UInt32
    /// Sent date in UTC seconds (Date header, else INTERNALDATE).
    let date: Int64
    let baseSubject: String
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
        baseSubject = subject.base
        subjectKey = Array(subject.base.utf8).map(ASCIIFold.upper)
        isReplyOrForward = subject.isReplyOrForward
        messageID = envelope.messageID.flatMap { Self.messageIDs(in: $0).first }
        let referenced = references.map { Self.messageIDs(in: $0) } ?? []
        if referenced.isEmpty, let inReplyTo = envelope.inReplyTo, let first = Self.messageIDs(in: inReplyTo).first {
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
        baseSubject = extracted.base
        subjectKey = Array(extracted.base.utf8).map(ASCIIFold.upper)
        isReplyOrForward = extracted.isReplyOrForward
        self.messageID = messageID
        self.references = references
    }

    /// The `<...>` message ids in a header value, without brackets and white space; at most 1,000.
    static func messageIDs(in raw: [UInt8]) -> [String] {
        var ids: [String] = []
        var current: [UInt8]? = nil
        for byte in raw {
            switch byte {
            case UInt8(ascii: "<"):
                current = []
            case UInt8(ascii: ">"):
                if let id = current, !id.isEmpty, ids.count < 1000 { ids.append(String(decoding: id, as: UTF8.self)) }
                current = nil
            case 0x20, 0x09, 0x0D, 0x0A:
                continue
            default:
                if current != nil, current!.count < 1000 { current!.append(byte) }
            }
        }
        return ids
    }
}
