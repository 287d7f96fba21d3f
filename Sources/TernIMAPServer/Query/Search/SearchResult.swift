import TernIMAP

/// The messages a SEARCH matched, and the ways SESSION reports them.
public struct SearchResult: Sendable, Hashable {
    /// Matches in sequence order.
    public let messages: [QueryMessage]

    public init(messages: [QueryMessage]) {
        self.messages = messages
    }

    public var sequenceNumbers: [UInt32] { messages.map(\.sequenceNumber) }
    public var uids: [UInt32] { messages.map(\.uid) }

    /// The highest MODSEQ among the matches (RFC 7162 3.1.5); nil when nothing matched.
    public var highestModSeq: UInt64? { messages.map(\.message.modSeq).max() }

    /// ESEARCH return data (RFC 4731 / RFC 9051 6.4.4) for `options` in the canonical order MIN, MAX,
    /// ALL, COUNT. `[]` (RETURN ()) means ALL. SAVE is not data (SESSION keeps `uids`). With no match
    /// MIN, MAX and ALL are left out (RFC 4731 3.1); COUNT 0 stays.
    public func esearchItems(_ options: [SearchReturnOption], uid: Bool, includeModSeq: Bool) -> [ESearchItem] {
        let wanted = options.isEmpty ? [.all] : options
        let numbers = uid ? uids : sequenceNumbers
        var items: [ESearchItem] = []
        if wanted.contains(.min), let first = numbers.min() { items.append(.min(first)) }
        if wanted.contains(.max), let last = numbers.max() { items.append(.max(last)) }
        if wanted.contains(.all), let set = Self.sequenceSet(numbers) { items.append(.all(set)) }
        if wanted.contains(.count) { items.append(.count(UInt32(clamping: numbers.count))) }
        if includeModSeq, let modSeq = reportedModSeq(wanted), !items.isEmpty { items.append(.modSeq(ModSeq(modSeq))) }
        return items
    }

    /// The ESEARCH MODSEQ item (RFC 7162 3.1.5 with RFC 4731): with ALL or COUNT the highest MODSEQ
    /// of all matches; with only MIN and/or MAX, the MODSEQ of the message(s) those name, so a client
    /// asking for the newest match learns that message's MODSEQ, not one of a message it never sees.
    func reportedModSeq(_ wanted: [SearchReturnOption]) -> UInt64? {
        guard let first = messages.first, let last = messages.last else { return nil }
        if wanted.contains(.all) || wanted.contains(.count) { return highestModSeq }
        var reported: UInt64 = 0
        if wanted.contains(.min) { reported = max(reported, first.message.modSeq) }
        if wanted.contains(.max) { reported = max(reported, last.message.modSeq) }
        return reported
    }

    /// The numbers as compact ranges (`2,4:7,9`); nil for none.
    public static func sequenceSet(_ numbers: [UInt32]) -> SequenceSet? {
        let sorted = Set(numbers).sorted()
        guard var start = sorted.first else { return nil }
        var ranges: [SequenceRange] = []
        var end = start
        for number in sorted.dropFirst() {
            if number == end + 1 {
                end = number
                continue
            }
            ranges.append(start == end ? SequenceRange(start) : SequenceRange(start, end))
            start = number
            end = number
        }
        ranges.append(start == end ? SequenceRange(start) : SequenceRange(start, end))
        return .ranges(ranges)
    }
}
