import NIOCore

/// An incremental parser of server responses, fed arbitrary fragments.
///
/// Framing first: bytes are buffered until a whole response is present (its line, and for every line that
/// ends in `{N}` / `~{N}` the N literal bytes and the following line), then the frame is parsed in one pass.
/// So feeding one byte at a time gives exactly the results of feeding everything at once, and the work per
/// byte stays constant (the scan resumes where it stopped).
///
/// Streaming: with `streamLiteralsAbove` set, `nextPart()` hands out a FETCH body literal larger than that
/// as byte slices while they arrive (see `ResponseStreamPart`), so memory stays bounded by the threshold and
/// the limits instead of the message size. `next()` is the convenience for callers that do not stream.
///
/// Errors: a frame that does not match the grammar is dropped and reported; parsing continues with the next
/// response. Framing errors (a line or literal over the limits) and errors inside a streamed FETCH are
/// fatal, since the stream cannot be resynchronised safely; every later call reports the same error.
public struct ResponseParser: Sendable {
    public let limits: ResponseParserLimits
    /// FETCH literals larger than this many bytes are streamed by `nextPart()`; nil buffers every literal.
    public let streamLiteralsAbove: Int?
    private var buffer = ByteBuffer()
    private var mode = Mode.responses
    private var pending: [ResponseStreamPart] = []
    /// Set by the framer when the current frame ends with the announcement of a literal to stream.
    private var streamedLiteral: Int?

    private enum Mode: Sendable {
        /// Between responses.
        case responses
        /// Handing out the bytes of a streamed literal.
        case streaming(remaining: Int)
        /// After a streamed literal: the rest of the FETCH response follows.
        case fetchContinues
    }
    /// Offset (from the reader index) up to which the current frame has been scanned.
    private var scanned = 0
    /// Offset where the current line started.
    private var lineStart = 0
    /// Literal bytes still to skip before the current frame's next line.
    private var literalRemaining = 0
    private var failure: ParserError?

    public init(limits: ResponseParserLimits = .default, streamLiteralsAbove: Int? = nil) {
        self.limits = limits
        self.streamLiteralsAbove = streamLiteralsAbove
    }

    /// True after a fatal error: the stream cannot be resynchronised and every call throws that error.
    /// (After a non-fatal error the bad response was dropped and parsing can go on.)
    public var isFailed: Bool { failure != nil }

    /// Bytes buffered but not yet returned as responses (consumed bytes are reclaimed on the next append).
    public var bufferedByteCount: Int { buffer.readableBytes }

    public mutating func append(_ bytes: ByteBuffer) {
        guard failure == nil else { return }
        // Reclaim consumed bytes once per append rather than once per response, so a read holding many
        // small responses costs one move, not one per response.
        if buffer.readerIndex > 0 { buffer.discardReadBytes() }
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// The next complete response, or nil if more bytes are needed. For a parser that streams literals,
    /// use `nextPart()`; this skips over streamed FETCH parts.
    public mutating func next() throws(ParserError) -> Response? {
        while let part = try nextPart() {
            if case .response(let response) = part { return response }
        }
        return nil
    }

    /// The next response or FETCH stream part, or nil if more bytes are needed.
    public mutating func nextPart() throws(ParserError) -> ResponseStreamPart? {
        if !pending.isEmpty { return pending.removeFirst() }
        if let failure { throw failure }
        if case .streaming(let remaining) = mode {
            guard buffer.readableBytes > 0 else { return nil }
            let count = min(remaining, buffer.readableBytes)
            let slice = buffer.readSlice(length: count) ?? ByteBuffer()
            if count == remaining {
                mode = .fetchContinues
                pending.append(.fetchStreamingEnd)
            } else {
                mode = .streaming(remaining: remaining - count)
            }
            return .fetchStreamingBytes(slice)
        }
        guard let frameLength = try scanFrame() else { return nil }
        let frame = buffer.readBytes(length: frameLength) ?? []
        scanned = 0
        lineStart = 0
        literalRemaining = 0
        let streamed = streamedLiteral
        streamedLiteral = nil
        var reader = ResponseReader(frame, limits: limits)
        if streamed == nil, case .responses = mode {
            return .response(try reader.readResponse())
        }
        let first: Bool
        if case .responses = mode { first = true } else { first = false }
        let segment: FetchSegment
        do {
            segment = try reader.readFetchSegment(first: first)
        } catch {
            try fail(error)
        }
        if let sequence = segment.sequence { pending.append(.fetchBegin(sequence)) }
        pending.append(contentsOf: segment.attributes.map { .fetchAttribute($0) })
        switch segment.end {
        case .streaming(let attribute, let byteCount):
            pending.append(.fetchStreamingBegin(attribute, byteCount: byteCount))
            if byteCount == 0 {
                pending.append(.fetchStreamingEnd)
                mode = .fetchContinues
            } else {
                mode = .streaming(remaining: byteCount)
            }
        case .end:
            pending.append(.fetchEnd)
            mode = .responses
        }
        return pending.removeFirst()
    }

    /// Parses every complete response in `bytes` (plus what was buffered before).
    public mutating func parse(_ bytes: ByteBuffer) throws(ParserError) -> [Response] {
        append(bytes)
        var responses: [Response] = []
        while let response = try next() {
            responses.append(response)
        }
        return responses
    }

    /// Returns the length of the complete frame at the start of the buffer, if there is one.
    private mutating func scanFrame() throws(ParserError) -> Int? {
        let view = buffer.readableBytesView
        let base = view.startIndex
        while true {
            if literalRemaining > 0 {
                let available = view.count - scanned
                let skipped = min(available, literalRemaining)
                scanned += skipped
                literalRemaining -= skipped
                if literalRemaining > 0 { return nil }
                lineStart = scanned
            }
            guard let newline = view[(base + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanned = view.count
                if scanned - lineStart > limits.maxLineLength {
                    return try fail(.lineTooLong, "response line longer than \(limits.maxLineLength) bytes")
                }
                return nil
            }
            let lineEnd = newline - base
            if lineEnd - lineStart > limits.maxLineLength {
                return try fail(.lineTooLong, "response line longer than \(limits.maxLineLength) bytes")
            }
            scanned = lineEnd + 1
            if let literal = literalLength(in: view[(base + lineStart)..<newline]) {
                if let threshold = streamLiteralsAbove, literal > threshold, literal != Int.max, inFetch(view),
                    announcesBodyItem(view[(base + lineStart)..<newline])
                {
                    streamedLiteral = literal
                    return scanned
                }
                guard literal <= limits.maxLiteralSize else {
                    return try fail(.literalTooLarge, "literal of \(literal) bytes exceeds \(limits.maxLiteralSize)")
                }
                guard scanned + literal <= limits.maxResponseSize else {
                    return try fail(.responseTooLarge, "response exceeds \(limits.maxResponseSize) bytes")
                }
                literalRemaining = literal
                continue
            }
            return scanned
        }
    }

    /// The N of a line ending in `{N}\r` or `~{N}\r` (the `\r` before the LF is part of the slice).
    private func literalLength(in line: ByteBufferView.SubSequence) -> Int? {
        var index = line.endIndex
        guard index > line.startIndex else { return nil }
        index = line.index(before: index)
        if line[index] == UInt8(ascii: "\r") {
            guard index > line.startIndex else { return nil }
            index = line.index(before: index)
        }
        guard line[index] == UInt8(ascii: "}") else { return nil }
        var value = 0
        var multiplier = 1
        var digits = 0
        while index > line.startIndex {
            index = line.index(before: index)
            let byte = line[index]
            if IMAPCharacterClass.isDigit(byte) {
                digits += 1
                guard digits <= 18 else { return Int.max }
                value += Int(byte - UInt8(ascii: "0")) * multiplier
                multiplier *= 10
            } else if byte == UInt8(ascii: "{") {
                return digits > 0 ? value : nil
            } else {
                return nil
            }
        }
        return nil
    }

    /// Whether the frame being scanned is (the rest of) a FETCH response: `* n FETCH`.
    private func inFetch(_ view: ByteBufferView) -> Bool {
        if case .fetchContinues = mode { return true }
        var index = view.startIndex
        guard view.count > 2, view[index] == UInt8(ascii: "*"), view[index + 1] == UInt8(ascii: " ") else {
            return false
        }
        index += 2
        let digitsStart = index
        while index < view.endIndex, IMAPCharacterClass.isDigit(view[index]) { index += 1 }
        guard index > digitsStart, view.endIndex - index >= 7 else { return false }
        return ResponseReader.uppercased(view[index..<(index + 7)]) == " FETCH "
    }

    /// Whether the literal ending `line` is the value of a body item (`BODY[...]`, `BINARY[...]<n>`,
    /// `RFC822`...), the only values that are streamed; a literal inside ENVELOPE or BODYSTRUCTURE follows
    /// `(`, `NIL`, a number or a string instead.
    private func announcesBodyItem(_ line: ByteBufferView.SubSequence) -> Bool {
        guard let brace = line.lastIndex(of: UInt8(ascii: "{")) else { return false }
        var end = brace
        if end > line.startIndex, line[line.index(before: end)] == UInt8(ascii: "~") { end = line.index(before: end) }
        guard end > line.startIndex, line[line.index(before: end)] == UInt8(ascii: " ") else { return false }
        end = line.index(before: end)
        var start = end
        while start > line.startIndex {
            let previous = line[line.index(before: start)]
            if previous == UInt8(ascii: " ") || previous == UInt8(ascii: "(") { break }
            start = line.index(before: start)
        }
        guard start < end else { return false }
        let last = line[line.index(before: end)]
        if last == UInt8(ascii: "]") || last == UInt8(ascii: ">") { return true }
        let token = ResponseReader.uppercased(line[start..<end])
        return token == "RFC822" || token == "RFC822.HEADER" || token == "RFC822.TEXT"
    }

    private mutating func fail(_ code: ParserError.Code, _ message: String) throws(ParserError) -> Int? {
        try fail(ParserError(code, message, offset: scanned))
    }

    private mutating func fail(_ error: ParserError) throws(ParserError) -> Never {
        failure = error
        buffer.clear()
        pending.removeAll()
        throw error
    }
}
