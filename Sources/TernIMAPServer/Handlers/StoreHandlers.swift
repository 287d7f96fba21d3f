import TernIMAP
import TernMail

/// STORE (+UNCHANGEDSINCE), EXPUNGE, UID EXPUNGE.
extension IMAPSession {
    static let storableSystemFlags: [Flag] = [.seen, .answered, .flagged, .deleted, .draft, .recent]

    /// The selected mailbox, or a BAD (the state machine admits selected-state commands only then).
    func requireSelected() throws(CommandFailure) -> SelectedMailbox {
        guard let selected else { throw CommandFailure(completion: .bad("no mailbox selected")) }
        return selected
    }

    /// Positions of `set` in the session's messages, or a BAD for an invalid sequence number.
    func resolve(_ set: SequenceSet, isUID: Bool, in current: SelectedMailbox) throws(CommandFailure) -> [Int] {
        do {
            return try SequenceResolver.resolve(
                set, isUID: isUID, uids: current.tracker.uids, savedResult: current.savedSearch)
        } catch {
            throw CommandFailure(completion: .bad(error.message))
        }
    }

    /// One log write for the whole command. With UNCHANGEDSINCE (RFC 7162 §3.1.3), messages changed
    /// after the given MODSEQ are left alone and reported in `[MODIFIED ...]`.
    func store(_ command: StoreCommand) async throws -> Completion {
        let current = try requireSelected()
        // Only the RFC 3501 system flags may be stored (\Recent is silently ignored, as Dovecot does);
        // any other backslash flag is a client error, answered BAD like Dovecot.
        if let bogus = command.flags.first(where: { $0.isSystemOrExtension && !Self.storableSystemFlags.contains($0) }) {
            return .bad("invalid system flag \(bogus.rawValue)")
        }
        guard !current.readOnly else { return .no(.readOnly, "mailbox is read-only") }
        let positions = try resolve(command.set, isUID: command.isUID, in: current)
        if command.unchangedSince != nil && !enabled.condstore {
            enabled.condstore = true
            syncEncodingOptions()
        }
        let fresh = try await current.mailbox.sync()
        var live: [UInt32: MailboxView.Message] = [:]
        for message in fresh.messages { live[message.uid] = message }
        var targets: [MailboxView.Message] = []
        var modified: [UInt32] = []
        for position in positions {
            let known = current.tracker.messages[position]
            guard let message = live[known.uid] else { continue }
            if let since = command.unchangedSince, message.modSeq > since.rawValue {
                modified.append(command.isUID ? message.uid : UInt32(position + 1))
            } else {
                targets.append(message)
            }
        }
        let flags = command.flags.filter { $0 != .recent }.map(\.rawValue)
        let mode: FlagMode
        switch command.operation {
        case .add: mode = .add
        case .remove: mode = .remove
        case .replace: mode = .replace
        }
        var view = fresh
        if !targets.isEmpty && !(flags.isEmpty && mode != .replace) {
            view = try await current.mailbox.store(mode, flags: flags, messages: targets.map(\.messageID))
        }
        let targetUIDs = Set(targets.map(\.uid))
        let silent = command.silent && !enabled.condstore
        try await apply(
            view, allowExpunge: false, forceFetch: silent ? [] : targetUIDs, silent: silent ? targetUIDs : [],
            includeUID: command.isUID)
        let updates: Completion.Updates = command.isUID ? .allowExpunge : .noExpunge
        // UIDs compact over the messages the client knows (UIDSetCompaction); numbers are dense.
        let modifiedSet =
            command.isUID ? UIDSet.compacting(modified, over: current.tracker.uids) : UIDSet.compressing(modified)
        if !modified.isEmpty, let set = modifiedSet {
            return .ok("Conditional STORE failed", code: .modified(SequenceSet(set)), updates: updates)
        }
        return .ok("STORE completed", updates: updates)
    }

    /// Expunges the `\Deleted` messages (only those in `uids` for UID EXPUNGE) with one log write.
    func expunge(uids: SequenceSet?) async throws -> Completion {
        let current = try requireSelected()
        guard !current.readOnly else { return .no(.readOnly, "mailbox is read-only") }
        let fresh = try await current.mailbox.sync()
        let largest = fresh.messages.last?.uid ?? 0
        let saved = Set(current.savedSearch ?? [])
        let doomed = fresh.messages.filter { message in
            guard message.flags.contains(where: { Flag($0) == .deleted }) else { return false }
            switch uids {
            case nil: return true
            case .lastSearchResult?: return saved.contains(message.uid)
            case let set?: return set.contains(message.uid, largest: largest)
            }
        }
        var view = fresh
        if !doomed.isEmpty {
            view = try await current.mailbox.expunge(doomed.map(\.messageID))
        }
        try await apply(view, allowExpunge: true)
        return .ok(uids == nil ? "EXPUNGE completed" : "UID EXPUNGE completed")
    }
}

extension SequenceSet {
    /// The same numbers as a sequence set (`5` rather than `5:5` for single numbers).
    init(_ set: UIDSet) {
        self = .ranges(
            set.ranges.map { range in
                range.lowerBound == range.upperBound
                    ? SequenceRange(range.lowerBound.rawValue)
                    : SequenceRange(range.lowerBound.rawValue, range.upperBound.rawValue)
            })
    }
}
