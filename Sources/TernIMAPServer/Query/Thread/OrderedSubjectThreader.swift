import TernIMAP

/// THREAD=ORDEREDSUBJECT (RFC 5256 section 4): messages grouped by base subject, each group sorted by
/// sent date with its first message as the parent of all the others; groups ordered by the date of
/// their first message.
enum OrderedSubjectThreader {
    static func thread(_ items: [ThreadKeys], uid: Bool) -> [ThreadList] {
        let sorted = items.sorted { a, b in
            if a.subjectKey != b.subjectKey { return a.subjectKey.lexicographicallyPrecedes(b.subjectKey) }
            return (a.date, a.sequenceNumber) < (b.date, b.sequenceNumber)
        }
        var groups: [[ThreadKeys]] = []
        for item in sorted {
            if let last = groups.last?.first, last.subjectKey == item.subjectKey {
                groups[groups.count - 1].append(item)
            } else {
                groups.append([item])
            }
        }
        groups.sort { ($0[0].date, $0[0].sequenceNumber) < ($1[0].date, $1[0].sequenceNumber) }
        return groups.map { group in
            let number: (ThreadKeys) -> UInt32 = { uid ? $0.uid : $0.sequenceNumber }
            let children = group.dropFirst().map { ThreadList(messages: [number($0)]) }
            if children.count == 1 { return ThreadList(messages: [number(group[0])] + children[0].messages) }
            return ThreadList(messages: [number(group[0])], children: Array(children))
        }
    }
}
