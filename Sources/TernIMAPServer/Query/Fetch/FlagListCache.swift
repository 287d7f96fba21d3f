import TernIMAP

/// FETCH FLAGS lists (`FetchPlanner.flags(of:)`) of the last few distinct flag sets seen in one
/// FETCH. A mailbox holds few distinct combinations (none, \Seen, \Seen \Answered, ...), so a
/// whole-mailbox FETCH builds each list once instead of once per message. Bounded by `capacity`.
struct FlagListCache {
    static let capacity = 8

    private var entries: [(flags: [String], isRecent: Bool, list: [Flag])] = []

    mutating func flags(of message: QueryMessage) -> [Flag] {
        let flags = message.message.flags
        if let hit = entries.first(where: { $0.isRecent == message.isRecent && $0.flags == flags }) {
            return hit.list
        }
        let list = FetchPlanner.flags(of: message)
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((flags, message.isRecent, list))
        return list
    }
}
