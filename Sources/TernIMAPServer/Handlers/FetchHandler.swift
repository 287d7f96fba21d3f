import TernIMAP
import TernMail

/// FETCH and UID FETCH (with CHANGEDSINCE / VANISHED), answered by QUERY's `FetchResponder`. A body
/// fetch without PEEK sets \Seen first (one log write), so the responses show the new flags.
/// Sequence-number FETCH sends no expunges (RFC 9051 §7.5.1).
extension IMAPSession {
    func fetch(_ command: FetchCommand) async throws -> Completion {
        var current = try requireSelected()
        let positions = try resolve(command.set, isUID: command.isUID, in: current)
        let attributes = command.items.attributes
        var changedSince: ModSeq?
        var reportVanished = false
        for modifier in command.modifiers {
            switch modifier {
            case .changedSince(let value): changedSince = value
            case .vanished: reportVanished = true
            }
        }
        if reportVanished {
            guard command.isUID, enabled.qresync else { return .bad("VANISHED needs UID FETCH and QRESYNC") }
            guard changedSince != nil else { return .bad("VANISHED needs CHANGEDSINCE") }
        }
        // A CONDSTORE-enabling command (RFC 7162 3.1): the first one also announces HIGHESTMODSEQ.
        let enablesCondstore = (changedSince != nil || attributes.contains(.modSeq)) && !enabled.condstore
        if enablesCondstore {
            enabled.condstore = true
            syncEncodingOptions()
        }
        let updates: Completion.Updates = command.isUID ? .allowExpunge : .noExpunge
        if reportVanished, let since = changedSince {
            let view = try await current.mailbox.sync()
            let largest = view.uidNext &- 1
            let gone = view.vanished.filter {
                $0.modSeq > since.rawValue && command.set.contains($0.uid, largest: largest)
            }
            if !gone.isEmpty, let set = UIDSet.compacting(gone.map(\.uid), over: view.messages.map(\.uid)) {
                try await writer.untagged(.vanished(earlier: true, set))
            }
        }
        var messages = current.tracker.queryMessages(at: positions)
        if let since = changedSince { messages = messages.filter { $0.message.modSeq > since.rawValue } }
        let request = FetchRequest(attributes: attributes, isUID: command.isUID, includeModSeq: changedSince != nil)
        var seenJustSet: Set<UInt32> = []
        if !current.readOnly {
            let needingSeen = request.messagesNeedingSeen(messages)
            if !needingSeen.isEmpty {
                let view = try await current.mailbox.store(
                    .add, flags: ["\\Seen"], messages: needingSeen.map(\.message.messageID))
                seenJustSet = Set(needingSeen.map(\.uid))
                try await apply(view, allowExpunge: false, silent: seenJustSet)
                current = try requireSelected()
                let wanted = Set(messages.map(\.uid))
                messages = current.tracker.queryMessages(at: positions).filter { wanted.contains($0.uid) }
            }
        }
        try await writer.flush()
        // No time budget (its pace is the client's reading), but it stops when the client is gone.
        let (options, context, outbound) = (writer.options, queryContext(for: current), writer.outbound)
        try await watched("FETCH", budget: nil) { [messages, seenJustSet] in
            try await FetchResponder.fetch(
                request, messages: messages, seenJustSet: seenJustSet, options: options, context: context,
                outbound: outbound)
        }
        var completion = Completion.ok("FETCH completed", updates: updates)
        completion.reportsHighestModSeq = enablesCondstore
        return completion
    }
}
