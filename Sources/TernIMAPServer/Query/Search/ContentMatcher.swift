import NIOCore
import TernMIME

/// Evaluates the SEARCH keys that read a message: HEADER (the header block), BODY (every text part,
/// transfer-decoded, converted to UTF-8 and case-folded) and TEXT (header fields, then BODY), each
/// streamed chunk by chunk and stopped at the first match.
struct ContentMatcher {
    let reader: LimitedBodyReader

    /// HEADER name needle: any field `name` whose decoded value contains the needle (an empty needle
    /// matches any message that has the field, RFC 3501 6.4.4).
    func header(_ name: [UInt8], contains needle: String, message: QueryMessage, structure: MessageStructure)
        async throws -> Bool
    {
        try await scanHeader(of: message, structure: structure) { field in
            guard field.name == name else { return false }
            return Self.decodedContains(field.value, needle)
        }
    }

    /// TEXT: every header block (the message's, its parts' MIME headers, encapsulated messages') and
    /// the text bodies, in one pass over the message, as Dovecot searches TEXT.
    func text(contains needle: String, message: QueryMessage, structure: MessageStructure) async throws -> Bool {
        try await scan(needle, headers: true, message: message, structure: structure)
    }

    /// BODY: the text bodies only.
    func body(contains needle: String, message: QueryMessage, structure: MessageStructure) async throws -> Bool {
        try await scan(needle, headers: false, message: message, structure: structure)
    }

    /// The byte range the first content read for `node` will cover, in the order `NodeEvaluator.resolve`
    /// reads: what the read-ahead opens while earlier messages are searched.
    static func firstRead(
        for node: SearchNode, message: QueryMessage, structure: MessageStructure, evaluator: NodeEvaluator
    ) -> Range<Int>? {
        if evaluator.evaluate(node, message, structure: structure) != nil { return nil }
        switch node {
        case .header:
            let range = structure.root.headerRange
            return range.count > 0 ? range.offset..<range.end : nil
        case .body, .text:
            let isText: Bool
            if case .text = node { isText = true } else { isText = false }
            return SegmentReader.firstReadRange(of: segments(of: structure, headers: isText).map(\.range))
        case .not(let inner):
            return firstRead(for: inner, message: message, structure: structure, evaluator: evaluator)
        case .or(let a, let b):
            return firstRead(for: a, message: message, structure: structure, evaluator: evaluator)
                ?? firstRead(for: b, message: message, structure: structure, evaluator: evaluator)
        case .and(let nodes):
            for inner in nodes {
                if let range = firstRead(for: inner, message: message, structure: structure, evaluator: evaluator) {
                    return range
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// What a BODY/TEXT search reads of a message, in message order.
    enum Segment {
        case header(ByteRange)
        case text(MIMEPart, TransferDecoder)

        var range: ByteRange {
            switch self {
            case .header(let range): return range
            case .text(let part, _): return part.bodyRange
            }
        }
    }

    /// The searched parts: leaves that are text (or have no type) or message/* left unparsed, at any
    /// depth. Like Dovecot, the decoding follows the last Content-Transfer-Encoding field, and a part
    /// whose encoding is unknown (or empty) is not searched.
    static func segments(of structure: MessageStructure, headers: Bool) -> [Segment] {
        var segments: [Segment] = []
        func visit(_ part: MIMEPart) {
            if headers && part.headerSize > 0 { segments.append(.header(part.headerRange)) }
            switch part.kind {
            case .multipart, .message:
                for child in part.children { visit(child) }
            case .leaf:
                let isMessage = part.content.type.map { ASCIIFold.lowered($0) == Array("message".utf8) } ?? false
                guard part.content.isText || isMessage, part.bodySize > 0 else { return }
                let token = part.content.lastTransferEncodingToken.map { String(decoding: $0, as: UTF8.self) }
                guard token != "", let decoder = TransferDecoder(contentTransferEncoding: token) else { return }
                segments.append(.text(part, decoder))
            }
        }
        visit(structure.root)
        return segments.sorted { $0.range.offset < $1.range.offset }
    }

    /// One segment being searched: the top-level header (TEXT) or a text part's body.
    private enum Pipeline {
        case header(HeaderFieldScanner)
        case part(PartPipeline)
    }

    private func scan(_ needle: String, headers: Bool, message: QueryMessage, structure: MessageStructure)
        async throws -> Bool
    {
        let plan = Self.segments(of: structure, headers: headers)
        guard !plan.isEmpty else { return false }
        let segments = plan.map(\.range)
        var current: (index: Int, pipeline: Pipeline)? = nil
        var found = false
        func pipeline(for index: Int) -> Pipeline {
            switch plan[index] {
            case .header: return .header(HeaderFieldScanner())
            case .text(let part, let decoder): return .part(PartPipeline(part: part, decoder: decoder, needle: needle))
            }
        }
        func headerField(_ field: HeaderFieldScanner.Field) -> Bool {
            // The field as text, "name: decoded value", so a needle may span both.
            if Self.decodedContains(field.name + Array(": ".utf8) + field.value, needle) { found = true }
            return !found
        }
        let stopped = try await SegmentReader(reader: reader).scan(
            message.message, segments: segments,
            feed: { index, bytes in
                if current?.index != index { current = (index, pipeline(for: index)) }
                switch current?.pipeline {
                case .header(var scanner):
                    scanner.feed(bytes.readableBytesView, headerField)
                    current = (index, .header(scanner))
                case .part(var part):
                    if part.feed(bytes) { found = true }
                    current = (index, .part(part))
                case nil:
                    break
                }
                return found
            },
            finish: { index in
                if current?.index != index { current = (index, pipeline(for: index)) }
                switch current?.pipeline {
                case .header(var scanner):
                    scanner.finish(headerField)
                case .part(var part):
                    if part.finish() { found = true }
                case nil:
                    break
                }
                current = nil
                return found
            })
        return stopped || found
    }

    /// Calls `matches` for each field of the top-level header until it returns true.
    private func scanHeader(
        of message: QueryMessage, structure: MessageStructure, _ matches: (HeaderFieldScanner.Field) -> Bool
    ) async throws -> Bool {
        let range = structure.root.headerRange
        guard range.count > 0 else { return false }
        var scanner = HeaderFieldScanner()
        var found = false
        try await reader.forEachChunk(of: message.message, range: range.offset..<range.end) { chunk in
            scanner.feed(chunk.readableBytesView) { field in
                if matches(field) { found = true }
                return !found
            }
            return !scanner.isFinished
        }
        if !found {
            scanner.finish { field in
                if matches(field) { found = true }
                return !found
            }
        }
        return found
    }

    /// Case-insensitive containment in RFC 2047 / UTF-8 decoded header text.
    static func decodedContains(_ raw: [UInt8], _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var matcher = FoldedSubstringMatcher(needle: needle)
        matcher.feed(Array(EncodedWordDecoder.decode(raw).utf8))
        return matcher.finish()
    }
}

/// Transfer decoding, charset conversion and folded matching of one text part, chunk by chunk.
private struct PartPipeline {
    private var transfer: TransferDecoder
    private let converter: CharsetDecoder?
    private var matcher: FoldedSubstringMatcher
    private var decoded = ByteBuffer()
    private var converted = ByteBuffer()

    init(part: MIMEPart, decoder: TransferDecoder, needle: String) {
        transfer = decoder
        let charset = part.content.parameter("charset").map { String(decoding: $0, as: UTF8.self) } ?? "us-ascii"
        // An unknown charset is searched as UTF-8 (invalid bytes read as U+FFFD).
        converter = try? CharsetDecoder(charset: charset)
        matcher = FoldedSubstringMatcher(needle: needle)
    }

    /// Returns true once the needle was found.
    mutating func feed(_ chunk: ByteBuffer) -> Bool {
        decoded.clear()
        transfer.feed(chunk, into: &decoded)
        return match(decoded)
    }

    mutating func finish() -> Bool {
        decoded.clear()
        transfer.finish(into: &decoded)
        if match(decoded) { return true }
        if let converter {
            converted.clear()
            converter.finish(into: &converted)
            matcher.feed(converted)
        }
        return matcher.finish()
    }

    private mutating func match(_ bytes: ByteBuffer) -> Bool {
        guard let converter else { return matcher.feed(bytes) }
        converted.clear()
        converter.feed(bytes, into: &converted)
        return matcher.feed(converted)
    }
}

extension ASCIIFold {
    static func lowered(_ bytes: [UInt8]) -> [UInt8] { bytes.map(lower) }
}
