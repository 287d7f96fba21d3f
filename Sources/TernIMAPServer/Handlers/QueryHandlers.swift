import TernIMAP
import TernMail

/// SEARCH (with ESEARCH RETURN options), SORT, THREAD: answered through QUERY's API (Query/README.md).
/// Sequence-number forms send no expunges (RFC 9051 §7.5.1).
extension IMAPSession {
    func search(_ command: SearchCommand, tag: Tag) async throws -> Completion {
        let current = try requireSelected()
        let includeModSeq = SearchEvaluator.usesModSeq(command.keys)
        // A CONDSTORE-enabling command (RFC 7162 3.1): the first one also announces HIGHESTMODSEQ.
        let enablesCondstore = includeModSeq && !enabled.condstore
        if enablesCondstore {
            enabled.condstore = true
            syncEncodingOptions()
        }
        var done = Completion.ok("SEARCH completed", updates: command.isUID ? .allowExpunge : .noExpunge)
        done.reportsHighestModSeq = enablesCondstore
        let saves = command.returnOptions?.contains(.save) ?? false
        let result: SearchResult
        do {
            let (messages, saved) = (current.tracker.allQueryMessages, current.savedSearch)
            let context = queryContext(for: current)
            result = try await watched("SEARCH", budget: self.context.limits.queryTimeBudget) {
                try await SearchEvaluator.search(
                    command.keys, charset: command.charset, in: messages, savedResult: saved, context: context)
            }
        } catch {
            if saves { selected?.savedSearch = [] }  // RFC 5182 §2.1: a failed SAVE empties `$`
            throw error
        }
        // IMAP4rev2 has no SEARCH response: a plain SEARCH answers ESEARCH ALL (RFC 9051 §6.4.4).
        if var options = command.returnOptions ?? (enabled.imap4rev2 ? [.all] : nil) {
            if saves {
                selected?.savedSearch = Self.savedUIDs(result, options: options)
                options.removeAll { $0 == .save }
                // SAVE alone answers nothing but the tagged OK (RFC 5182 §2.4).
                guard !options.isEmpty else { return done }
            }
            var items = result.esearchItems(options, uid: command.isUID, includeModSeq: includeModSeq)
            if command.isUID { items = Self.compactingAll(items, result: result, known: current.tracker.uids) }
            try await writer.untagged(
                .esearch(ESearchResponse(correlator: ByteString(tag.rawValue), uid: command.isUID, items: items)))
        } else {
            let numbers = command.isUID ? result.uids : result.sequenceNumbers
            let modSeq = includeModSeq ? result.highestModSeq.map { ModSeq(rawValue: $0) } : nil
            try await writer.untagged(.search(numbers, modSeq: modSeq))
        }
        return done
    }

    /// ESEARCH `ALL` of UIDs as ranges over the messages the client knows: `64:192,320:448`, one range
    /// for a whole mailbox, where numeric runs would list every sparse UID (UIDSetCompaction).
    static func compactingAll(_ items: [ESearchItem], result: SearchResult, known: [UInt32]) -> [ESearchItem] {
        items.map { item in
            guard case .all = item, let set = UIDSet.compacting(result.uids, over: known) else { return item }
            return .all(SequenceSet(set))
        }
    }

    /// What SAVE keeps: MIN and/or MAX only when they are the only other options, else all matches.
    static func savedUIDs(_ result: SearchResult, options: [SearchReturnOption]) -> [UInt32] {
        let others = options.filter { $0 != .save }
        let uids = result.uids
        if !others.isEmpty && others.allSatisfy({ $0 == .min || $0 == .max }), let first = uids.first,
            let last = uids.last
        {
            var kept: [UInt32] = []
            if others.contains(.min) { kept.append(first) }
            if others.contains(.max) && (kept.first != last) { kept.append(last) }
            return kept
        }
        return uids
    }

    func sort(_ command: SortCommand) async throws -> Completion {
        let current = try requireSelected()
        let (messages, saved) = (current.tracker.allQueryMessages, current.savedSearch)
        let context = queryContext(for: current)
        let sorted = try await watched("SORT", budget: self.context.limits.queryTimeBudget) {
            try await MessageSorter.sort(command, in: messages, savedResult: saved, context: context)
        }
        let numbers = sorted.map { command.isUID ? $0.uid : $0.sequenceNumber }
        try await writer.untagged(.sort(numbers, modSeq: nil))
        return .ok("SORT completed", updates: command.isUID ? .allowExpunge : .noExpunge)
    }

    func thread(_ command: ThreadCommand) async throws -> Completion {
        let current = try requireSelected()
        guard let algorithm = ThreadAlgorithm(rawValue: command.algorithm.uppercased()) else {
            return .bad("unsupported threading algorithm \(command.algorithm)")
        }
        let (messages, saved) = (current.tracker.allQueryMessages, current.savedSearch)
        let context = queryContext(for: current)
        let threads = try await watched("THREAD", budget: self.context.limits.queryTimeBudget) {
            try await MessageThreader.thread(
                command, algorithm: algorithm, in: messages, savedResult: saved, context: context)
        }
        try await writer.untagged(.thread(threads))
        return .ok("THREAD completed", updates: command.isUID ? .allowExpunge : .noExpunge)
    }
}
