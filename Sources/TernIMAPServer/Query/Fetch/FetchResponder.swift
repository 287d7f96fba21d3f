import NIOCore
import TernIMAP
import TernMIME
import TernStorage

/// Answers FETCH: one `* n FETCH (...)` per message, body literals streamed from storage.
///
/// Per message: items are planned from the view and the structure first (no output yet), literals whose
/// size is not known from the structure are measured (small ones kept, at most `measureBudget` bytes per
/// message), then the response is written. A storage failure before a message's response starts is a
/// `QueryError.storage` (tagged NO); after it started the literal cannot be completed (`.streamBroken`).
public enum FetchResponder {
    /// Measured literals up to this many bytes (per message, in total) are kept instead of read twice.
    static let measureBudget = 64 * 1024

    /// Writes the responses for `messages` in order (see README.md for the contract).
    public static func fetch(
        _ request: FetchRequest, messages: [QueryMessage], seenJustSet: Set<UInt32>, options: EncodingOptions,
        context: QueryContext, outbound: some IMAPOutbound
    ) async throws {
        var output = FetchOutput(options: options, outbound: outbound)
        do {
            try await fetch(request, messages: messages, seenJustSet: seenJustSet, context: context, output: &output)
        } catch let error as QueryError where error.code != .streamBroken {
            // Raised before the failing message's response began: send the complete responses before it.
            try await output.flush()
            throw error
        }
        try await output.flush()
    }

    private static func fetch<Outbound: IMAPOutbound>(
        _ request: FetchRequest, messages: [QueryMessage], seenJustSet: Set<UInt32>, context: QueryContext,
        output: inout FetchOutput<Outbound>
    ) async throws {
        let reader = LimitedBodyReader(context: context)
        var flagLists = FlagListCache()
        guard request.needsStructure else {
            for message in messages {
                try await answer(
                    request, message: message, planned: [], firstRead: nil, flagsChanged: seenJustSet.contains(message.uid),
                    context: context, reader: reader, flagLists: &flagLists, output: &output)
            }
            return
        }
        typealias Plan = (items: [PlannedItem], firstItem: Int?)
        var ahead = BodyReadAhead<Plan>(messages: messages, context: context, reader: reader) { _, structure in
            let items = try plan(request, structure: structure)
            let first = firstRead(in: items)
            return ((items, first?.item), first?.range)
        }
        try await withThrowingTaskGroup(of: BodyReadAhead<Plan>.Opened.self) { group in
            for message in messages {
                let (planned, opened) = try await ahead.next(group: &group)
                let plan = try planned.get()
                let firstRead = plan.firstItem.flatMap { item in opened.map { (item: item, body: $0) } }
                try await answer(
                    request, message: message, planned: plan.items, firstRead: firstRead,
                    flagsChanged: seenJustSet.contains(message.uid), context: context, reader: reader,
                    flagLists: &flagLists, output: &output)
            }
        }
    }

    /// The first literal sent as stored bytes of a known size, and its first byte range: what is worth
    /// opening ahead. Literals that must be measured first (line-end normalised, filtered headers)
    /// are read when their turn comes.
    static func firstRead(in planned: [PlannedItem]) -> (item: Int, range: Range<Int>)? {
        for (index, item) in planned.enumerated() {
            guard case .literal(_, let body) = item, let size = body.knownSize, size > 0, let first = body.ranges.first,
                first.count > 0
            else { continue }
            return (index, first.offset..<first.end)
        }
        return nil
    }

    private enum PreparedItem {
        case attribute(MessageAttribute)
        case literal(StreamingAttribute, LiteralBody, size: Int, kept: ByteBuffer?)
    }

    /// Plans `request` for one message from its structure (pure: no storage, no output).
    static func plan(_ request: FetchRequest, structure: MessageStructure) throws(QueryError) -> [PlannedItem] {
        var planned: [PlannedItem] = []
        for item in request.otherItems {
            if let plan = try FetchPlanner.plan(item, structure: structure) { planned.append(plan) }
        }
        return planned
    }

    /// - Parameter firstRead: the first range of the literal `planned[item]`, already opened by the
    ///   read-ahead (see `firstRead(in:)`).
    private static func answer<Outbound: IMAPOutbound>(
        _ request: FetchRequest, message: QueryMessage, planned: [PlannedItem],
        firstRead: (item: Int, body: BlobByteStream)?,
        flagsChanged: Bool, context: QueryContext, reader: LimitedBodyReader, flagLists: inout FlagListCache,
        output: inout FetchOutput<Outbound>
    ) async throws {
        var prepared: [PreparedItem] = []
        var budget = measureBudget
        for plan in planned {
            switch plan {
            case .attribute(let attribute):
                prepared.append(.attribute(attribute))
            case .literal(let attribute, let body):
                if let size = body.knownSize {
                    prepared.append(.literal(attribute, body, size: size, kept: nil))
                } else if budget > 0, let held = heldOutput(body, of: message, source: context.source),
                    held.readableBytes <= budget
                {
                    // Counted against the same budget as measured literals: what one message keeps stays bounded.
                    budget -= held.readableBytes
                    prepared.append(.literal(attribute, body, size: held.readableBytes, kept: held))
                } else {
                    let (size, kept) = try await measure(body, of: message, keepingUpTo: budget, reader: reader)
                    if let kept { budget -= kept.readableBytes }
                    prepared.append(.literal(attribute, body, size: size, kept: kept))
                }
            case .binarySize(let part, let body):
                let (size, _) = try await measure(body, of: message, keepingUpTo: 0, reader: reader)
                prepared.append(.attribute(.binarySize(part: part, size: UInt64(size))))
            }
        }

        try output.encode(.begin(SequenceNumber(message.sequenceNumber)))
        for item in request.bufferedItems {
            if item == .flags {
                try output.encode(.attribute(.flags(flagLists.flags(of: message))))
            } else if let attribute = FetchPlanner.planBuffered(item, message: message, timeZone: context.timeZone) {
                try output.encode(.attribute(attribute))
            }
        }
        if flagsChanged && !request.asksFlags {
            try output.encode(.attribute(.flags(flagLists.flags(of: message))))
        }
        for (index, item) in prepared.enumerated() {
            switch item {
            case .attribute(let attribute):
                try output.encode(.attribute(attribute))
            case .literal(let attribute, let body, let size, let kept):
                try output.encode(.streamingBegin(attribute, byteCount: size))
                if let kept {
                    if kept.readableBytes > 0 { try await output.writeLiteralBytes(kept) }
                } else if size > 0 {
                    let opened = firstRead?.item == index ? firstRead?.body : nil
                    try await stream(body, size: size, of: message, firstBody: opened, reader: reader, output: &output)
                }
                try output.encode(.streamingEnd)
            }
        }
        try output.encode(.end)
        try await output.flushIfNeeded()
    }

    /// The literal's bytes when its one stored range is held in memory by the source (a header block
    /// kept with the metadata): the pipeline runs here, synchronously, with no read permit and no
    /// stream. Its size is at most the header block's (64 KiB); the caller keeps it within `measureBudget`.
    static func heldOutput(_ body: LiteralBody, of message: QueryMessage, source: any MessageContentSource)
        -> ByteBuffer?
    {
        guard body.ranges.count == 1, let range = body.ranges.first,
            let held = source.heldBytes(of: message.message, range: range.offset..<range.end)
        else { return nil }
        var transform = body.transform
        var window = OutputWindow(body.window)
        var output = window.apply(transform.apply(held)) ?? ByteBuffer()
        if !window.isExhausted {
            var tail = ByteBuffer()
            transform.finish(into: &tail)
            if var piece = window.apply(tail) { output.writeBuffer(&piece) }
        }
        return output
    }

    /// Runs the literal's pipeline once to learn its size; keeps the bytes when they fit in `limit`.
    private static func measure(
        _ body: LiteralBody, of message: QueryMessage, keepingUpTo limit: Int, reader: LimitedBodyReader
    ) async throws -> (size: Int, kept: ByteBuffer?) {
        var transform = body.transform
        var window = OutputWindow(body.window)
        var size = 0
        var kept: ByteBuffer? = limit > 0 ? ByteBuffer() : nil
        func take(_ output: ByteBuffer) {
            guard let piece = window.apply(output) else { return }
            size += piece.readableBytes
            if var buffer = kept {
                kept = nil  // keep the buffer uniquely referenced while appending
                if buffer.readableBytes + piece.readableBytes <= limit {
                    var piece = piece
                    buffer.writeBuffer(&piece)
                    kept = buffer
                }
            }
        }
        do {
            for range in body.ranges where !window.isExhausted {
                try await reader.forEachChunk(of: message.message, range: range.offset..<range.end) { chunk in
                    take(transform.apply(chunk))
                    return !window.isExhausted
                }
            }
        } catch let failure as LimitedBodyReader.StorageFailure {
            throw QueryError(.storage, "reading UID \(message.uid) failed: \(failure.underlying)")
        }
        if !window.isExhausted {
            var tail = ByteBuffer()
            transform.finish(into: &tail)
            take(tail)
        }
        return (size, kept)
    }

    /// Streams exactly `size` bytes of the literal; the stored body must deliver them. `firstBody`,
    /// when given, is the first range already opened.
    private static func stream<Outbound: IMAPOutbound>(
        _ body: LiteralBody, size: Int, of message: QueryMessage, firstBody: BlobByteStream?,
        reader: LimitedBodyReader, output: inout FetchOutput<Outbound>
    ) async throws {
        var transform = body.transform
        var window = OutputWindow(body.window)
        var remaining = size
        var opened = firstBody
        do {
            for range in body.ranges where remaining > 0 {
                defer { opened = nil }
                try await reader.forEachChunk(of: message.message, range: range.offset..<range.end, opened: opened) {
                    chunk in
                    if let piece = window.apply(transform.apply(chunk)) {
                        let count = min(piece.readableBytes, remaining)
                        if count > 0 { try await output.writeLiteralBytes(piece.getSlice(at: piece.readerIndex, length: count) ?? piece) }
                        remaining -= count
                    }
                    return remaining > 0 && !window.isExhausted
                }
            }
        } catch let failure as LimitedBodyReader.StorageFailure {
            throw QueryError(.streamBroken, "reading UID \(message.uid) failed mid-literal: \(failure.underlying)")
        }
        if remaining > 0 && !window.isExhausted {
            var tail = ByteBuffer()
            transform.finish(into: &tail)
            if let piece = window.apply(tail) {
                let count = min(piece.readableBytes, remaining)
                if count > 0 { try await output.writeLiteralBytes(piece.getSlice(at: piece.readerIndex, length: count) ?? piece) }
                remaining -= count
            }
        }
        guard remaining == 0 else {
            throw QueryError(.streamBroken, "UID \(message.uid): stored body ended \(remaining) bytes short of its literal")
        }
    }
}
