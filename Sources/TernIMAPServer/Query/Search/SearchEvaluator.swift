import TernIMAP
import TernMIME

/// SEARCH / UID SEARCH evaluation over one mailbox snapshot, in three passes so that work is spent
/// only where needed: keys on the message view (flags, sizes, dates, UIDs, MODSEQ) for every message;
/// the stored structure (envelope headers, sent date) only for messages still undecided; message
/// bodies (HEADER, BODY, TEXT) only for messages the first two passes could not decide, each read once
/// for all of its content keys (`ContentMatcher`).
public enum SearchEvaluator {
    /// - Parameters:
    ///   - messages: all messages of the selected mailbox, in sequence order.
    ///   - savedResult: UIDs of the SEARCHRES result for `$` (nil: nothing saved, `$` is empty).
    /// - Throws: `QueryError` `.badCharset`, `.storage`; `CancellationError`.
    public static func search(
        _ keys: [SearchKey], charset: ByteString?, in messages: [QueryMessage], savedResult: [UInt32]?,
        context: QueryContext
    ) async throws -> SearchResult {
        let program = try SearchCompiler.compile(
            keys, charset: charset, messageCount: UInt32(clamping: messages.count),
            highestUID: messages.last?.uid ?? 0, savedResult: savedResult)
        let evaluator = NodeEvaluator(timeZone: context.timeZone)
        var matched: [Bool] = Array(repeating: false, count: messages.count)
        var undecided: [Int] = []
        for (index, message) in messages.enumerated() {
            // A budget or a client that left stops even a search that reads nothing (`QueryBudget`).
            if index % 4096 == 0 { try Task.checkCancellation() }
            switch evaluator.evaluate(program.root, message, structure: nil) {
            case .some(let value): matched[index] = value
            case .none: undecided.append(index)
            }
        }
        if !undecided.isEmpty {
            let reader = LimitedBodyReader(context: context)
            let content = ContentMatcher(reader: reader, keys: program.contentKeys, evaluator: evaluator)
            // Structures and the first body read of each message are fetched ahead (`BodyReadAhead`).
            typealias Plan = (structure: MessageStructure, firstRead: Range<Int>?)
            var ahead = BodyReadAhead<Plan>(
                messages: undecided.map { messages[$0] }, context: context, reader: reader
            ) { message, structure in
                let range = content.firstRead(program.root, message, structure: structure)
                return ((structure, range), range)
            }
            try await withThrowingTaskGroup(of: BodyReadAhead<Plan>.Opened.self) { group in
                for index in undecided {
                    try Task.checkCancellation()
                    let message = messages[index]
                    let (planned, opened) = try await ahead.next(group: &group)
                    let plan = try planned.get()
                    reader.prefetched.offer(opened, for: message.message.messageID, range: plan.firstRead)
                    do {
                        matched[index] = try await content.resolve(program.root, message, structure: plan.structure)
                    } catch let failure as LimitedBodyReader.StorageFailure {
                        throw QueryError(.storage, "reading UID \(message.uid) failed: \(failure.underlying)")
                    }
                    reader.prefetched.offer(nil, for: message.message.messageID, range: nil)
                }
            }
        }
        return SearchResult(messages: zip(messages, matched).compactMap { $1 ? $0 : nil })
    }

    /// Whether the program uses MODSEQ (RFC 7162 3.1.5: the response then carries `(MODSEQ n)`).
    public static func usesModSeq(_ keys: [SearchKey]) -> Bool {
        keys.contains { key in
            switch key {
            case .modSeq: return true
            case .not(let inner): return usesModSeq([inner])
            case .or(let a, let b): return usesModSeq([a, b])
            case .and(let inner): return usesModSeq(inner)
            default: return false
            }
        }
    }
}

/// Three-valued evaluation: nil when the answer needs more than was given (the structure, or what
/// `ContentMatcher` reads).
struct NodeEvaluator: Sendable {
    let timeZone: ServerTimeZone

    /// - Parameter content: per content key, what a read of the message found so far (nil: unknown).
    func evaluate(
        _ node: SearchNode, _ message: QueryMessage, structure: MessageStructure?, content: [Bool?]? = nil
    ) -> Bool? {
        let view = message.message
        switch node {
        case .constant(let value): return value
        case .flag(let flag): return message.hasFlag(flag)
        case .new: return message.isRecent && !message.hasFlag("\\Seen")
        case .old: return !message.isRecent
        case .recent: return message.isRecent
        case .larger(let size): return view.size > size
        case .smaller(let size): return view.size < size
        case .internalDate(let relation, let day):
            let millis = view.internalDateMillis
            let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
            return relation.holds(day: timeZone.localDay(atSecondsSinceEpoch: seconds), key: day)
        case .uids(let set, let ranges):
            if let set { return set.contains(view.uid) }
            return ranges.contains { $0.contains(view.uid) }
        case .sequence(let ranges):
            return ranges.contains { $0.contains(message.sequenceNumber) }
        case .modSeq(let value): return view.modSeq >= value
        case .sentDate(let relation, let day):
            guard let structure else { return nil }
            guard let sent = Self.sentDay(structure) else { return false }
            return relation.holds(day: sent, key: day)
        case .envelope(let field, let needle):
            guard let structure else { return nil }
            // Address fields match in their normal form, as Dovecot (AddressSearchText).
            let normal = field != .subject
            return Self.envelope(structure.envelope, field).contains { raw in
                ContentMatcher.decodedContains(normal ? AddressSearchText.normalized(raw) : raw, needle)
            }
        case .content(let key):
            return content?[key] ?? nil
        case .not(let inner):
            return evaluate(inner, message, structure: structure, content: content).map { !$0 }
        case .or(let a, let b):
            let left = evaluate(a, message, structure: structure, content: content)
            if left == true { return true }
            let right = evaluate(b, message, structure: structure, content: content)
            if right == true { return true }
            if left == false && right == false { return false }
            return nil
        case .and(let nodes):
            var unknown = false
            for inner in nodes {
                switch evaluate(inner, message, structure: structure, content: content) {
                case .some(false): return false
                case .none: unknown = true
                case .some(true): break
                }
            }
            return unknown ? nil : true
        }
    }

    static func envelope(_ fields: EnvelopeFields, _ field: SearchNode.EnvelopeField) -> [[UInt8]] {
        switch field {
        case .from: return fields.from ?? []
        case .to: return fields.to ?? []
        case .cc: return fields.cc ?? []
        case .bcc: return fields.bcc ?? []
        case .subject: return fields.subject.map { [$0] } ?? []
        }
    }

    /// The Date header's date as written, disregarding time and zone (RFC 3501 6.4.4 SENT*).
    static func sentDay(_ structure: MessageStructure) -> Int? {
        guard let raw = structure.envelope.date else { return nil }
        let text = String(decoding: raw.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        guard let date = DateParser.parse(text), let day = IMAPDate(year: date.year, month: date.month, day: date.day)
        else { return nil }
        return day.daysSinceEpoch
    }
}
