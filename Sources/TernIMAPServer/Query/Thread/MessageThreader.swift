import TernIMAP
import TernMIME
import TernStorage

/// The THREAD algorithms Tern offers.
public enum ThreadAlgorithm: String, Sendable, CaseIterable {
    case orderedSubject = "ORDEREDSUBJECT"
    case references = "REFERENCES"
}

/// THREAD (RFC 5256).
public enum MessageThreader {
    /// Pure: the thread forest; numbers are UIDs when `uid`, else sequence numbers.
    public static func thread(_ items: [ThreadKeys], algorithm: ThreadAlgorithm, uid: Bool) -> [ThreadList] {
        switch algorithm {
        case .orderedSubject: return OrderedSubjectThreader.thread(items, uid: uid)
        case .references: return ReferencesThreader.thread(items, uid: uid)
        }
    }

    /// SEARCH with the command's keys, then thread the matches. REFERENCES reads each match's header
    /// block (for References, which the stored structure does not keep), read ahead like SEARCH's bodies.
    /// One structure at a time is held besides the read-ahead; the matches' keys count against
    /// `context.maxKeyBytes`.
    public static func thread(
        _ command: ThreadCommand, algorithm: ThreadAlgorithm, in messages: [QueryMessage], savedResult: [UInt32]?,
        context: QueryContext
    ) async throws -> [ThreadList] {
        let matches = try await SearchEvaluator.search(
            command.keys, charset: command.charset, in: messages, savedResult: savedResult, context: context
        ).messages
        var budget = KeyMemoryBudget(limit: context.maxKeyBytes, command: "THREAD")
        var items: [ThreadKeys] = []
        items.reserveCapacity(matches.count)
        switch algorithm {
        case .orderedSubject:
            try await MessageSorter.forEachStructure(of: matches, context: context) { message, structure in
                let keys = ThreadKeys(message: message, structure: structure, references: nil)
                try budget.charge(keyBytes: keys.keyBytes)
                items.append(keys)
            }
        case .references:
            guard !matches.isEmpty else { break }
            let reader = LimitedBodyReader(context: context)
            var ahead = BodyReadAhead<MessageStructure>(messages: matches, context: context, reader: reader) {
                _, structure in
                let header = structure.root.headerRange
                return (structure, header.count > 0 ? header.offset..<header.end : nil)
            }
            try await withThrowingTaskGroup(of: BodyReadAhead<MessageStructure>.Opened.self) { group in
                for message in matches {
                    try Task.checkCancellation()
                    let (planned, opened) = try await ahead.next(group: &group)
                    let structure = try planned.get()
                    let references = try await referencesHeader(
                        of: message, structure: structure, reader: reader, opened: opened)
                    let keys = ThreadKeys(message: message, structure: structure, references: references)
                    try budget.charge(keyBytes: keys.keyBytes)
                    items.append(keys)
                }
            }
        }
        return thread(items, algorithm: algorithm, uid: command.isUID)
    }

    /// The first References field of the top-level header (value capped by `HeaderFieldScanner`).
    /// `opened`: that header's read, already opened by the read-ahead.
    static func referencesHeader(
        of message: QueryMessage, structure: MessageStructure, reader: LimitedBodyReader, opened: BlobByteStream? = nil
    ) async throws -> [UInt8]? {
        let range = structure.root.headerRange
        guard range.count > 0 else { return nil }
        var scanner = HeaderFieldScanner()
        var found: [UInt8]? = nil
        let name = Array("references".utf8)
        do {
            try await reader.forEachChunk(of: message.message, range: range.offset..<range.end, opened: opened) {
                chunk in
                scanner.feed(chunk.readableBytesView) { field in
                    if field.name == name { found = field.value }
                    return found == nil
                }
                return !scanner.isFinished
            }
        } catch let failure as LimitedBodyReader.StorageFailure {
            throw QueryError(.storage, "reading UID \(message.uid) failed: \(failure.underlying)")
        }
        if found == nil {
            scanner.finish { field in
                if field.name == name { found = field.value }
                return found == nil
            }
        }
        return found
    }
}
