import TernIMAP
import TernMIME

/// SORT (RFC 5256): order messages by a list of criteria, each optionally reversed; messages equal
/// under every criterion stay in sequence order.
public enum MessageSorter {
    public static func sort(_ items: [(QueryMessage, SortKeys)], by criteria: [SortCriterion]) -> [QueryMessage] {
        items.sorted { left, right in
            for criterion in criteria {
                if let before = left.1.ordered(before: right.1, by: criterion.key) {
                    return criterion.reverse ? !before : before
                }
            }
            return left.1.sequenceNumber < right.1.sequenceNumber
        }.map(\.0)
    }

    /// SEARCH with the command's keys, then sort the matches (structures of the matches only).
    public static func sort(
        _ command: SortCommand, in messages: [QueryMessage], savedResult: [UInt32]?, context: QueryContext
    ) async throws -> [QueryMessage] {
        let matches = try await SearchEvaluator.search(
            command.keys, charset: command.charset, in: messages, savedResult: savedResult, context: context
        ).messages
        let needsStructure = command.criteria.contains { $0.key != .arrival && $0.key != .size }
        var budget = KeyMemoryBudget(limit: context.maxKeyBytes, command: "SORT")
        var items: [(QueryMessage, SortKeys)] = []
        items.reserveCapacity(matches.count)
        if needsStructure {
            try await forEachStructure(of: matches, context: context) { message, structure in
                let keys = SortKeys(message: message, structure: structure)
                try budget.charge(keyBytes: keys.keyBytes)
                items.append((message, keys))
            }
        } else {
            let empty = MessageStructure(root: MIMEPart(), size: 0)
            for message in matches {
                try budget.charge(keyBytes: 0)
                items.append((message, SortKeys(message: message, structure: empty)))
            }
        }
        return sort(items, by: command.criteria)
    }

    /// Calls `body` with each message and its structure, in order (one structure in memory at a time).
    static func forEachStructure(
        of messages: [QueryMessage], context: QueryContext, _ body: (QueryMessage, MessageStructure) throws -> Void
    ) async throws {
        guard !messages.isEmpty else { return }
        var structures = context.source.structures(of: messages.map(\.message)).makeAsyncIterator()
        for message in messages {
            try Task.checkCancellation()
            try body(message, try await structures.nextStructure(for: message.uid))
        }
    }
}
