extension MailboxState {
    /// The view, built from `previous` (this state's `view` when its position was `position`)
    /// when that is exact, else recomputed in full.
    ///
    /// `view` sorts every message: O(n log n) per APPEND, O(n² log n) to fill a mailbox. The
    /// common case, one writer appending, changes nothing `previous` shows: every operation
    /// since `position` is an append that depends on all of `position`, so no old operation's
    /// rank (hence MODSEQ), flags, lateness or expunge changed; and no new message is late or
    /// shares its group with another incarnation, so none hides or is hidden. Its messages then
    /// carry UIDs above every old one (each append's UID is above its writer's view) and extend
    /// `previous.messages`.
    public func view(extending previous: MailboxView, at position: VersionVector) -> MailboxView {
        guard let added = messagesAppended(since: position),
            added.first.map({ first in previous.messages.last.map { $0.uid < first.uid } ?? true }) ?? true
        else { return view }
        return MailboxView(
            uidValidity: uidValidity, uidNext: uidNext, highestModSeq: highestModSeq,
            lateIncarnations: lateIncarnations, appendCount: appendCount, messages: previous.messages + added,
            vanished: previous.vanished
        )
    }

    /// The live messages the operations after `position` added, in view order; nil when some
    /// operation after it is not an append causally after all of `position`, or adds a message
    /// the view would not show as it stands (see `view(extending:at:)`).
    func messagesAppended(since position: VersionVector) -> [MailboxView.Message]? {
        for (writerID, count) in position.counts where count > UInt64(writers[writerID]?.operations.count ?? 0) {
            return nil  // not a past position of this state
        }
        var added: [MailboxView.Message] = []
        for (writerID, log) in writers {
            let seen = Int(position[writerID])
            guard seen < log.operations.count else { continue }
            for op in log.operations[seen...] {
                switch op.payload {
                case .append, .appendBatch: break
                case .flags, .expunge: return nil
                }
                guard op.dependencies.includes(position) else { return nil }
                for append in op.payload.appends {
                    guard let entry = messages[append.messageID], entry.expungeOperations.isEmpty, !entry.isLate,
                        isAlone(append)
                    else { return nil }
                    added.append(
                        MailboxView.Message(
                            uid: append.uid, messageID: append.messageID, flags: entry.flags, modSeq: entry.modSeq,
                            internalDateMillis: append.internalDateMillis, size: append.size,
                            blobReference: append.blobReference, metadataReference: append.metadataReference,
                            moveOrigin: append.moveOrigin, reissueOf: append.reissueOf
                        )
                    )
                }
            }
        }
        added.sort { ($0.uid, $0.messageID) < ($1.uid, $1.messageID) }
        return added
    }
}
