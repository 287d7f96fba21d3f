/// One message, several incarnations: the appends that are one message in one mailbox.
///
/// - the copies of one MOVE written by two frontends at once (same `MoveOrigin`, rule 6),
/// - two imports of one incoming object (same import blob reference),
/// - a late message and its reissues (`AppendPayload.reissueOf`, rule 7).
///
/// A group is shown through its highest-UID incarnation, and only while that one is not late;
/// every other incarnation is hidden (reported vanished). The shown message carries the group's
/// state: the highest incarnation's append flags folded with every STORE on any incarnation in
/// canonical order, expunged once any incarnation is, and the largest MODSEQ of any incarnation.
/// Everything here is a function of the operation set (docs/internals/uid-conflicts.md).
enum MessageGroupKey: Hashable, Sendable {
    case moved(MoveOrigin)
    case imported([UInt8])
    /// A message with neither, named by its first incarnation's id.
    case plain(MessageID)
}

extension MailboxState {
    struct MessageGroup {
        /// The highest-UID incarnation: the one shown unless it is late or the group expunged.
        let highest: MessageID
        let flags: [String]
        let expunged: Bool
        /// The largest MODSEQ of any incarnation: the shown one's, and (at least) every hidden one's
        /// VANISHED MODSEQ.
        let modSeq: UInt64
    }

    static func groupKey(of append: AppendPayload) -> MessageGroupKey {
        if let origin = append.moveOrigin { return .moved(origin) }
        if isImportReference(append.blobReference) { return .imported(append.blobReference) }
        return .plain(append.reissueOf ?? append.messageID)
    }

    /// Records a new incarnation. Plain groups are listed only once they have a reissue (the
    /// common message stays out of the table).
    mutating func addToGroup(_ append: AppendPayload) {
        let key = Self.groupKey(of: append)
        switch key {
        case .moved, .imported:
            groupMembers[key, default: []].append(append.messageID)
        case .plain(let root):
            guard append.reissueOf != nil else { return }
            reissuedMessages &+= 1
            groupMembers[key, default: [root]].append(append.messageID)
        }
    }

    /// Whether `append`'s group has this one incarnation only.
    func isAlone(_ append: AppendPayload) -> Bool {
        (groupMembers[Self.groupKey(of: append)]?.count ?? 1) == 1
    }

    /// The groups of this view with more than one incarnation (the others show as plain messages).
    func multiIncarnationGroups() -> [MessageGroupKey: MessageGroup] {
        var groups: [MessageGroupKey: MessageGroup] = [:]
        for (key, members) in groupMembers where members.count > 1 {
            let entries = members.compactMap { messages[$0] }
            if let group = group(entries) { groups[key] = group }
        }
        return groups
    }

    func group(_ incarnations: [MessageEntry]) -> MessageGroup? {
        guard let highest = incarnations.max(by: { $0.append.uid < $1.append.uid }) else { return nil }
        guard incarnations.count > 1 else {
            return MessageGroup(
                highest: highest.append.messageID, flags: highest.flags, expunged: !highest.expungeOperations.isEmpty,
                modSeq: highest.modSeq)
        }
        // Every STORE on any incarnation, once each, in canonical (clock, writer) order.
        var stores: [OperationID: (mode: FlagMode, flags: [String])] = [:]
        for incarnation in incarnations {
            for ref in incarnation.flagOperations {
                guard let op = operation(ref), case .flags(let mode, let flags, _) = op.payload else { continue }
                stores[op.id] = (mode, flags)
            }
        }
        var flags = highest.append.flags
        for id in stores.keys.sorted() {
            guard let store = stores[id] else { continue }
            flags = store.mode.apply(store.flags, to: flags)
        }
        return MessageGroup(
            highest: highest.append.messageID,
            flags: flags,
            expunged: incarnations.contains { !$0.expungeOperations.isEmpty },
            modSeq: incarnations.map(\.modSeq).max() ?? highest.modSeq
        )
    }

    /// The MODSEQ a hidden incarnation's VANISHED entry carries: its group's, raised to its
    /// late-maker's (a client that was shown it saw a view without any late-maker).
    func vanishedModSeq(_ entry: MessageEntry, groupModSeq: UInt64) -> UInt64 {
        max(groupModSeq, entry.lateMaker.map { modSeq(of: $0.ref) } ?? 0)
    }
}

/// The concurrent appends a new operation meets, to find for each of its messages the late-maker
/// first in canonical order among those holding a UID at or above it.
struct LateMakerIndex {
    /// Sorted by highest UID, descending, each with the canonically first maker so far.
    private let prefix: [(highest: UInt32, first: MailboxState.LateMaker)]

    init(_ appends: [(highest: UInt32, maker: MailboxState.LateMaker)]) {
        var running: MailboxState.LateMaker?
        prefix = appends.sorted { $0.highest > $1.highest }.map { append in
            if running.map({ append.maker.id < $0.id }) ?? true { running = append.maker }
            return (append.highest, running ?? append.maker)
        }
    }

    func first(atOrAbove uid: UInt32) -> MailboxState.LateMaker? {
        // The longest prefix whose highest UID is still >= uid.
        var low = 0
        var high = prefix.count
        while low < high {
            let mid = (low + high) / 2
            if prefix[mid].highest >= uid { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : prefix[low - 1].first
    }
}
