import NIOCore
import TernMIME

/// Settles the SEARCH keys that read a message (HEADER, BODY, TEXT) in one read of it: the header
/// blocks and text parts every open key needs are read once, each part transfer-decoded and converted
/// to UTF-8 once, and every key is matched against the same bytes. Without this a program with 1,000
/// TEXT keys read (and decrypted) each message 1,000 times.
///
/// The read stops as soon as the program's answer is known: `OR TEXT a TEXT b` at the first match,
/// `NOT TEXT a` when a is found, `TEXT a TEXT b` when both are.
struct ContentMatcher {
    let reader: LimitedBodyReader
    let keys: [ContentKey]
    let evaluator: NodeEvaluator
    /// One matcher per key with its folded needle and failure table built once per SEARCH, copied per use.
    private let templates: [FoldedSubstringMatcher]

    init(reader: LimitedBodyReader, keys: [ContentKey], evaluator: NodeEvaluator) {
        self.reader = reader
        self.keys = keys
        self.evaluator = evaluator
        self.templates = keys.map { key in
            switch key {
            case .header(_, let needle), .body(let needle), .text(let needle): FoldedSubstringMatcher(needle: needle)
            }
        }
    }

    /// The content keys whose value can still change the answer for this message, given what the
    /// view and the structure decide: keys inside decided subtrees are never read for.
    func openKeys(_ node: SearchNode, _ message: QueryMessage, structure: MessageStructure) -> [Int] {
        var open = Set<Int>()
        func visit(_ node: SearchNode) {
            guard evaluator.evaluate(node, message, structure: structure) == nil else { return }
            switch node {
            case .content(let key): open.insert(key)
            case .not(let inner): visit(inner)
            case .or(let a, let b):
                visit(a)
                visit(b)
            case .and(let nodes): nodes.forEach(visit)
            default: break
            }
        }
        visit(node)
        return open.sorted()
    }

    /// The byte range the first read of `resolve` will cover: what the read-ahead opens meanwhile.
    func firstRead(_ node: SearchNode, _ message: QueryMessage, structure: MessageStructure) -> Range<Int>? {
        let open = openKeys(node, message, structure: structure)
        guard !open.isEmpty else { return nil }
        return SegmentReader.firstReadRange(of: plan(open, structure: structure).map(\.range))
    }

    /// What one read of a message covers, in message order.
    enum Segment {
        /// A header block; `isRoot` for the message's own (the one HEADER searches).
        case header(ByteRange, isRoot: Bool)
        case text(MIMEPart, TransferDecoder)

        var range: ByteRange {
            switch self {
            case .header(let range, _): return range
            case .text(let part, _): return part.bodyRange
            }
        }
    }

    /// The segments the open keys need: the top-level header for HEADER and TEXT, every other header
    /// block for TEXT, and the text parts for BODY and TEXT.
    func plan(_ open: [Int], structure: MessageStructure) -> [Segment] {
        var rootHeader = false
        var allHeaders = false
        var bodies = false
        for key in open {
            switch keys[key] {
            case .header: rootHeader = true
            case .body: bodies = true
            case .text: (allHeaders, bodies) = (true, true)
            }
        }
        var segments: [Segment] = []
        for segment in Self.segments(of: structure, headers: allHeaders) {
            if case .text = segment, !bodies { continue }
            segments.append(segment)
        }
        let root = structure.root.headerRange
        if rootHeader && !allHeaders && root.count > 0 { segments.insert(.header(root, isRoot: true), at: 0) }
        return segments.sorted { $0.range.offset < $1.range.offset }
    }

    /// The searched parts: leaves that are text (or have no type) or message/* left unparsed, at any
    /// depth, and (with `headers`) every header block. Like Dovecot, the decoding follows the last
    /// Content-Transfer-Encoding field, and a part whose encoding is unknown (or empty) is not searched.
    static func segments(of structure: MessageStructure, headers: Bool) -> [Segment] {
        var segments: [Segment] = []
        func visit(_ part: MIMEPart, isRoot: Bool) {
            if headers && part.headerSize > 0 { segments.append(.header(part.headerRange, isRoot: isRoot)) }
            switch part.kind {
            case .multipart, .message:
                for child in part.children { visit(child, isRoot: false) }
            case .leaf:
                let isMessage = part.content.type.map { ASCIIFold.lowered($0) == Array("message".utf8) } ?? false
                guard part.content.isText || isMessage, part.bodySize > 0 else { return }
                let token = part.content.lastTransferEncodingToken.map { String(decoding: $0, as: UTF8.self) }
                guard token != "", let decoder = TransferDecoder(contentTransferEncoding: token) else { return }
                segments.append(.text(part, decoder))
            }
        }
        visit(structure.root, isRoot: true)
        return segments.sorted { $0.range.offset < $1.range.offset }
    }

    /// The program's answer for a message the view and structure left open, from one read of it.
    func resolve(_ root: SearchNode, _ message: QueryMessage, structure: MessageStructure) async throws -> Bool {
        if let known = evaluator.evaluate(root, message, structure: structure) { return known }
        let open = openKeys(root, message, structure: structure)
        let segments = plan(open, structure: structure)
        var state = ScanState(keys: keys, open: open)
        if !segments.isEmpty {
            var current: (index: Int, pipeline: Pipeline)? = nil
            func pipeline(for index: Int) -> Pipeline {
                switch segments[index] {
                case .header(_, let isRoot): return .header(HeaderFieldScanner(), isRoot: isRoot)
                case .text(let part, let decoder):
                    let matchers = state.pending(body: true).map { ($0, templates[$0]) }
                    return .part(PartPipeline(part: part, decoder: decoder, matchers: matchers))
                }
            }
            func decided() -> Bool {
                guard state.changed else { return false }
                state.changed = false
                return evaluator.evaluate(root, message, structure: structure, content: state.results) != nil
            }
            _ = try await SegmentReader(reader: reader).scan(
                message.message, segments: segments.map(\.range),
                feed: { index, bytes in
                    if current?.index != index { current = (index, pipeline(for: index)) }
                    switch current?.pipeline {
                    case .header(var scanner, let isRoot):
                        scanner.feed(bytes.readableBytesView) { state.field($0, isRoot: isRoot, templates) }
                        current = (index, .header(scanner, isRoot: isRoot))
                    case .part(var part):
                        part.feed(bytes) { state.found($0) }
                        current = (index, .part(part))
                    case nil:
                        break
                    }
                    return decided()
                },
                finish: { index in
                    if current?.index != index { current = (index, pipeline(for: index)) }
                    switch current?.pipeline {
                    case .header(var scanner, let isRoot):
                        scanner.finish { state.field($0, isRoot: isRoot, templates) }
                        // HEADER keys not found in the top-level header are false: later segments cannot change that.
                        if isRoot { state.rootHeaderEnded() }
                    case .part(var part):
                        part.finish { state.found($0) }
                    case nil:
                        break
                    }
                    current = nil
                    return decided()
                })
        }
        state.endOfMessage()
        return evaluator.evaluate(root, message, structure: structure, content: state.results) ?? false
    }

    /// One segment being read: a header block split into fields, or a text part's decoding pipeline.
    private enum Pipeline {
        case header(HeaderFieldScanner, isRoot: Bool)
        case part(PartPipeline)
    }

    /// Case-insensitive containment in RFC 2047 / UTF-8 decoded header text.
    static func decodedContains(_ raw: [UInt8], _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var matcher = FoldedSubstringMatcher(needle: needle)
        matcher.feed(Array(EncodedWordDecoder.decode(raw).utf8))
        return matcher.finish()
    }
}

/// What one message's scan knows: per content key true (found), false, or nil (not yet / not asked).
private struct ScanState {
    let keys: [ContentKey]
    let open: [Int]
    private(set) var results: [Bool?]
    /// A result was set since the program was last evaluated.
    var changed = false

    init(keys: [ContentKey], open: [Int]) {
        self.keys = keys
        self.open = open
        self.results = Array(repeating: nil, count: keys.count)
    }

    /// Open keys not settled yet that search text parts (`body`) or header blocks.
    func pending(body: Bool) -> [Int] {
        open.filter { key in
            guard results[key] == nil else { return false }
            switch keys[key] {
            case .header: return !body
            case .body: return body
            case .text: return true
            }
        }
    }

    mutating func found(_ key: Int) {
        guard results[key] == nil else { return }
        results[key] = true
        changed = true
    }

    /// Matches one header field against every pending key; false to stop reading this header block.
    mutating func field(_ field: HeaderFieldScanner.Field, isRoot: Bool, _ templates: [FoldedSubstringMatcher])
        -> Bool
    {
        var asText: [UInt8]? = nil  // TEXT sees "name: decoded value", so a needle may span both
        var value: [UInt8]? = nil
        var waiting = false
        for key in open where results[key] == nil {
            switch keys[key] {
            case .text:
                if asText == nil {
                    asText = Array(EncodedWordDecoder.decode(field.name + Array(": ".utf8) + field.value).utf8)
                }
                var matcher = templates[key]
                matcher.feed(asText!)
                if matcher.finish() { found(key) } else { waiting = true }
            case .header(let name, _):
                guard isRoot else { continue }
                waiting = true
                guard field.name == name else { continue }
                if value == nil { value = Array(EncodedWordDecoder.decode(field.value).utf8) }
                var matcher = templates[key]
                matcher.feed(value!)
                if matcher.finish() { found(key) }
            case .body:
                continue
            }
        }
        return waiting
    }

    mutating func rootHeaderEnded() {
        for key in open where results[key] == nil {
            if case .header = keys[key] {
                results[key] = false
                changed = true
            }
        }
    }

    /// Whatever was not found is not there.
    mutating func endOfMessage() {
        for key in open where results[key] == nil { results[key] = false }
    }
}

/// Transfer decoding and charset conversion of one text part, done once, feeding every key's matcher.
private struct PartPipeline {
    private var transfer: TransferDecoder
    private let converter: CharsetDecoder?
    private var matchers: [(key: Int, matcher: FoldedSubstringMatcher)]
    private var decoded = ByteBuffer()
    private var converted = ByteBuffer()

    init(part: MIMEPart, decoder: TransferDecoder, matchers: [(Int, FoldedSubstringMatcher)]) {
        transfer = decoder
        let charset = part.content.parameter("charset").map { String(decoding: $0, as: UTF8.self) } ?? "us-ascii"
        // An unknown charset is searched as UTF-8 (invalid bytes read as U+FFFD).
        converter = try? CharsetDecoder(charset: charset)
        self.matchers = matchers.map { (key: $0.0, matcher: $0.1) }
    }

    /// Calls `found` with each key whose needle this chunk completes.
    mutating func feed(_ chunk: ByteBuffer, found: (Int) -> Void) {
        guard !matchers.isEmpty else { return }
        decoded.clear()
        transfer.feed(chunk, into: &decoded)
        match(decoded, found: found)
    }

    mutating func finish(found: (Int) -> Void) {
        guard !matchers.isEmpty else { return }
        decoded.clear()
        transfer.finish(into: &decoded)
        match(decoded, found: found)
        if let converter {
            converted.clear()
            converter.finish(into: &converted)
            feedMatchers(converted, found: found)
        }
        for index in matchers.indices {
            if matchers[index].matcher.finish() { found(matchers[index].key) }
        }
        matchers.removeAll()
    }

    private mutating func match(_ bytes: ByteBuffer, found: (Int) -> Void) {
        guard let converter else { return feedMatchers(bytes, found: found) }
        converted.clear()
        converter.feed(bytes, into: &converted)
        feedMatchers(converted, found: found)
    }

    /// Feeds every matcher still looking; a matcher that found its needle is dropped.
    private mutating func feedMatchers(_ bytes: ByteBuffer, found: (Int) -> Void) {
        guard bytes.readableBytes > 0 else { return }
        var index = 0
        while index < matchers.count {
            if matchers[index].matcher.feed(bytes) {
                found(matchers[index].key)
                matchers.remove(at: index)
            } else {
                index += 1
            }
        }
    }
}

extension ASCIIFold {
    static func lowered(_ bytes: [UInt8]) -> [UInt8] { bytes.map(lower) }
}
