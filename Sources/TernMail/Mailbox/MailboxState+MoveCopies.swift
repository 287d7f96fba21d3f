/// MOVE exactly once: copies with the same `MoveOrigin` in one mailbox are one message.
///
/// Two frontends that MOVE one message into one mailbox concurrently both write a copy, each
/// from a view that shows the source message. The view shows one copy of such a group, the one
/// with the highest UID (never late against its siblings, and on the frontend that wrote it its
/// own copy, whose UID is above its view: a MOVE's COPYUID names the copy its frontend shows).
/// That copy carries the whole group's state: its append flags folded with every STORE on any
/// copy in canonical order, expunged once any copy is, and the largest MODSEQ of the group. The
/// other copies are reported vanished with that MODSEQ (at least the shown copy's append MODSEQ).
/// Everything here is a function of the operation set (uid-conflicts.md, rule 6).
extension MailboxState {
    struct MoveCopyGroup {
        /// The copy the view shows (while the group is not expunged).
        let shown: MessageID
        let flags: [String]
        let expunged: Bool
        /// The largest MODSEQ of any copy: the shown one's, and every hidden one's VANISHED MODSEQ.
        let modSeq: UInt64
    }

    /// The groups of this view with more than one copy (the others show as plain messages).
    func moveCopyGroups() -> [MoveOrigin: MoveCopyGroup] {
        guard moveCopyCounts.values.contains(where: { $0 > 1 }) else { return [:] }
        var members: [MoveOrigin: [MessageEntry]] = [:]
        for entry in messages.values {
            guard let origin = entry.append.moveOrigin, let count = moveCopyCounts[origin], count > 1 else {
                continue
            }
            members[origin, default: []].append(entry)
        }
        return members.compactMapValues(group)
    }

    private func group(_ copies: [MessageEntry]) -> MoveCopyGroup? {
        guard let shown = copies.max(by: { $0.append.uid < $1.append.uid }) else { return nil }
        // Every STORE on any copy, once each, in canonical (clock, writer) order.
        var stores: [OperationID: (mode: FlagMode, flags: [String])] = [:]
        for copy in copies {
            for ref in copy.flagOperations {
                guard let op = operation(ref), case .flags(let mode, let flags, _) = op.payload else { continue }
                stores[op.id] = (mode, flags)
            }
        }
        var flags = shown.append.flags
        for id in stores.keys.sorted() {
            guard let store = stores[id] else { continue }
            flags = store.mode.apply(store.flags, to: flags)
        }
        return MoveCopyGroup(
            shown: shown.append.messageID,
            flags: flags,
            expunged: copies.contains { !$0.expungeOperations.isEmpty },
            modSeq: copies.map(\.modSeq).max() ?? shown.modSeq
        )
    }
}
