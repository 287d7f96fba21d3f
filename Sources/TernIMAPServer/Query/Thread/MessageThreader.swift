import TernIMAP
import TernMIME

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
    /// block (for References, which the stored structure does not keep).
    public static func thread(
        _ command: ThreadCommand, algorithm: ThreadAlgorithm, in messages: [QueryMessage], savedResult: [UInt32]?,
        context: QueryContext
    ) async throws -> [ThreadList] {
        let matches = try await SearchEvaluator.search(
            command.keys, charset: command.charset, in: messages, savedResult: savedResult, context: context
        ).messages
        var withStructures: [(QueryMessage, MessageStructure)] = []
        try await MessageSorter.forEachStructure(of: matches, context: context) { withStructures.append(($0, $1)) }
        let reader = LimitedBodyReader(context: context)
        var items: [ThreadKeys] = []
        items.reserveCapacity(withStructures.count)
        for (message, structure) in withStructures {
            var references: [UInt8]? = nil
            if algorithm == .references {
                references = try await referencesHeader(of: message, structure: structure, reader: reader)
            }
            items.append(ThreadKeys(message: message, structure: structure, references: references))
        }
        return thread(items, algorithm: algorithm, uid: command.isUID)
    }

    /// The first References field of the top-level header (value capped by `HeaderFieldScanner`).
    static func referencesHeader(of message: QueryMessage, structure: MessageStructure, reader: LimitedBodyReader)
        async throws -> [UInt8]?
    {
        let range = structure.root.headerRange
        guard range.count > 0 else { return nil }
        var scanner = HeaderFieldScanner()
        var found: [UInt8]? = nil
        let name = Array("references".utf8)
        do {
            try await reader.forEachChunk(of: message.message, range: range.offset..<range.end) { chunk in
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
