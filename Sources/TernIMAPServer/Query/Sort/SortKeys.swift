import TernIMAP
import TernMIME

/// The values RFC 5256 SORT compares for one message, taken from the view and the stored structure.
///
/// Bounded: the subject and address keys keep their first `maxKeyBytes` bytes, so a SORT over n
/// messages holds n times a small constant, whatever the headers' size (a Subject may be 256 KiB).
/// RFC 5256 compares them as strings; two keys equal in their first 512 bytes then compare equal and
/// fall back to the next criterion and the sequence number, which changes no realistic order.
public struct SortKeys: Sendable, Hashable {
    static let maxKeyBytes = 512

    let sequenceNumber: UInt32
    let arrival: Int64
    /// Sent date in seconds (Date header, else INTERNALDATE: RFC 5256 2.2).
    let date: Int64
    let size: UInt64
    /// ASCII-uppercased base subject and first addr-mailbox of each address field (i;ascii-casemap).
    let subject: [UInt8]
    let from: [UInt8]
    let to: [UInt8]
    let cc: [UInt8]

    public init(message: QueryMessage, structure: MessageStructure) {
        let envelope = structure.envelope
        sequenceNumber = message.sequenceNumber
        arrival = message.message.internalDateMillis
        date = Self.sentSeconds(envelope, internalDateMillis: message.message.internalDateMillis)
        size = message.message.size
        subject = BaseSubject.extract(envelope.subject).utf8.prefix(Self.maxKeyBytes).map(ASCIIFold.upper)
        from = Self.firstMailbox(envelope.from)
        to = Self.firstMailbox(envelope.to)
        cc = Self.firstMailbox(envelope.cc)
    }

    /// The sent date in UTC seconds: the parsed Date header, else the internal date.
    static func sentSeconds(_ envelope: EnvelopeFields, internalDateMillis: Int64) -> Int64 {
        if let raw = envelope.date,
            let date = DateParser.parse(String(decoding: raw.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self))
        {
            return date.secondsSince1970
        }
        return internalDateMillis >= 0 ? internalDateMillis / 1000 : (internalDateMillis - 999) / 1000
    }

    /// addr-mailbox of the first ENVELOPE address (RFC 5256 SORT FROM/TO/CC), uppercased; empty when none.
    /// A group's first entry carries the group name as its mailbox, which Dovecot sorts by too.
    static func firstMailbox(_ fields: [[UInt8]]?) -> [UInt8] {
        for field in fields ?? [] {
            for address in AddressParser.parse(field) where !address.isGroupEnd {
                if let mailbox = address.mailbox { return mailbox.prefix(maxKeyBytes).map(ASCIIFold.upper) }
            }
        }
        return []
    }

    /// What the keys hold beyond the struct itself (for the command's key memory budget).
    var keyBytes: Int { subject.count + from.count + to.count + cc.count }

    /// Compares by one criterion; nil when equal.
    func ordered(before other: SortKeys, by key: SortCriterion.Key) -> Bool? {
        switch key {
        case .arrival: return arrival == other.arrival ? nil : arrival < other.arrival
        case .date: return date == other.date ? nil : date < other.date
        case .size: return size == other.size ? nil : size < other.size
        case .subject: return Self.compare(subject, other.subject)
        case .from: return Self.compare(from, other.from)
        case .to: return Self.compare(to, other.to)
        case .cc: return Self.compare(cc, other.cc)
        }
    }

    private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Bool? {
        a == b ? nil : a.lexicographicallyPrecedes(b)
    }
}
