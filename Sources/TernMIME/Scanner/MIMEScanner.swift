#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming MIME scanner: feed the raw message in chunks of any size (one byte at a time gives the same
/// result as the whole message at once), then call `finish()` for the `MessageStructure`.
///
/// Memory is bounded by a constant (one line prefix, one header field of at most `maxFieldBytes`) plus the
/// structure being built, which `MIMEScanLimits` bounds in turn. Beyond a limit the message is described
/// as one opaque part and `MessageStructure.degradation` says why; the scanner never fails.
///
/// Parsing decisions follow Dovecot's message parser (the reference server in Tern's tests): a boundary
/// line is any line starting with `--` + boundary (prefix match, longest boundary wins, RFC 2046 5.1.1);
/// a boundary line also ends a header that has no blank line; Content-Type makes a part MIME; inside
/// multipart/digest the default type is message/rfc822.
public struct MIMEScanner: Sendable {
    public let limits: MIMEScanLimits

    enum Mode { case header, body }

    struct OpenPart {
        var part: MIMEPart
        var headerStartLF: Int
        var headerStartBare: Int
        var bodyStart = 0
        var bodyStartLF = 0
        var bodyStartBare = 0
        var isMIME: Bool
        var isMessageHeader: Bool
        var parentIsDigest: Bool
        var isDigest = false
        var seenContentType = false
        var contentTypeCombined: [UInt8]?
        var boundary: [UInt8]?
    }

    struct Boundary {
        var bytes: [UInt8]
        var owner: Int  // index in `stack`
    }

    /// Bytes of a body line kept to recognise a boundary: "--" + 80 + "--" + CRLF, rounded up.
    static let boundaryLinePrefix = 96
    /// A header field name is never longer than this; a line without a colon by then is not recorded.
    static let maxFieldNameScan = 1000

    // Position and line-ending counters over the whole message.
    var offset = 0
    var lfCount = 0
    var bareLFCount = 0
    var lastByte: UInt8 = 0

    var mode = Mode.header
    var stack: [OpenPart] = []
    var boundaries: [Boundary] = []
    var partsCreated = 1
    var retainedBytes = 0
    var degradation: MIMEScanLimitHit?
    var rootHeaderDone = false
    var finished: MessageStructure?

    // The current line.
    var atLineStart = true
    var lineStart = 0
    var lineStartLF = 0
    var lineStartBare = 0
    var lineLength = 0
    var lineBuffer: [UInt8] = []
    var lineCap = 0
    var lineIsContinuation = false
    var lineIsBoundaryCandidate = false
    var lineNameResolved = false
    /// Newline length of the previous line (0 at the start of the message).
    var previousNewline = 0
    var previousNewlineBare = false
    /// Offset just after the last boundary line; a boundary on the line starting there keeps the newline
    /// before it in the preceding body (Dovecot treats it as the first line of that body).
    var afterBoundaryLine = -1
    /// Where the last header ended with a blank line: if a boundary of an enclosing multipart follows
    /// directly, the blank line's newline belongs to that boundary instead (Dovecot's rule).
    var lastBlankLineHeaderEnd: (index: Int, offset: Int, newline: Int, bare: Bool)?

    // The header field being accumulated (first line plus continuation lines).
    var field: [UInt8] = []
    var fieldActive = false
    var fieldInteresting = false

    public init(limits: MIMEScanLimits = .default) {
        self.limits = limits
        stack.append(
            OpenPart(
                part: MIMEPart(headerOffset: 0), headerStartLF: 0, headerStartBare: 0, isMIME: false,
                isMessageHeader: true, parentIsDigest: false))
        stack[0].part.envelope = EnvelopeFields()
        // Typical header lines fit; avoids regrowing both buffers on every message.
        lineBuffer.reserveCapacity(512)
        field.reserveCapacity(512)
    }

    /// Scans a whole message held in memory.
    public static func scan(_ bytes: some Collection<UInt8>, limits: MIMEScanLimits = .default) -> MessageStructure {
        var scanner = MIMEScanner(limits: limits)
        scanner.feed(Array(bytes))
        return scanner.finish()
    }

    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard finished == nil else { return }
        var i = 0
        while i < bytes.count {
            switch mode {
            case .body: i = scanBody(bytes, from: i)
            case .header: i = scanHeader(bytes, from: i)
            }
        }
    }

    /// Ends the input and returns the structure. Later calls return the same structure; bytes fed after
    /// `finish()` are ignored.
    public mutating func finish() -> MessageStructure {
        if let finished { return finished }
        if !atLineStart {
            switch mode {
            case .header: endHeaderLine(newline: 0, bare: false)
            case .body: endBodyLine(newline: 0, bare: false)
            }
        }
        while mode == .header {
            finalizeField()
            endOfHeader(viaBlankLine: false, at: offset, lf: lfCount, bare: bareLFCount)
        }
        while stack.count > 1 { closeTop(at: offset, lf: lfCount, bare: bareLFCount) }
        var root = stack.removeLast()
        root.part.bodySize = offset - root.bodyStart
        root.part.bodyLines = lfCount - root.bodyStartLF
        root.part.bodyBareLFs = bareLFCount - root.bodyStartBare
        if degradation != nil {
            root.part.kind = .leaf
            root.part.children = []
        }
        let result = MessageStructure(root: root.part, size: offset, degradation: degradation)
        finished = result
        return result
    }

    // MARK: body lines

    mutating func scanBody(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        if atLineStart {
            beginLine()
            lineIsBoundaryCandidate = !boundaries.isEmpty && bytes[start] == ASCII.dash
        }
        let remaining = bytes.count - start
        let found = memchr(base + start, Int32(ASCII.lf), remaining)
        let end: Int
        if let found {
            end = base.distance(to: UnsafeRawPointer(found)) + 1
        } else {
            end = bytes.count
        }
        if lineIsBoundaryCandidate, lineBuffer.count < Self.boundaryLinePrefix {
            let take = min(end - start, Self.boundaryLinePrefix - lineBuffer.count)
            lineBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<start + take]))
        }
        // Count every LF in this run (only the last one can end the line, memchr stopped there).
        let previous = end - start >= 2 ? bytes[end - 2] : lastByte
        lineLength += end - start
        offset += end - start
        lastByte = bytes[end - 1]
        if found != nil {
            lfCount += 1
            let bare = previous != ASCII.cr
            if bare { bareLFCount += 1 }
            endBodyLine(newline: bare ? 1 : 2, bare: bare)
        }
        return end
    }

    mutating func beginLine() {
        atLineStart = false
        lineStart = offset
        lineStartLF = lfCount
        lineStartBare = bareLFCount
        lineLength = 0
        lineBuffer.removeAll(keepingCapacity: true)
        lineIsContinuation = false
        lineIsBoundaryCandidate = false
        lineNameResolved = false
    }

    mutating func endBodyLine(newline: Int, bare: Bool) {
        if lineIsBoundaryCandidate, let match = matchBoundary(newline: newline) {
            let moved = moveBlankLineToBoundary(match)
            let top = stack[stack.count - 1]
            let first = lineStart == top.bodyStart || lineStart == afterBoundaryLine
            let end = first ? lineStart : lineStart - previousNewline
            let endLF = first ? lineStartLF : lineStartLF - 1
            let endBare = first || !previousNewlineBare ? lineStartBare : lineStartBare - 1
            handleBoundary(
                match, end: end, lf: endLF, bare: endBare, splitIndex: moved ?? 0, lineEnded: newline > 0)
        }
        completeLine(newline: newline, bare: bare)
    }

    mutating func completeLine(newline: Int, bare: Bool) {
        previousNewline = newline
        previousNewlineBare = bare
        atLineStart = true
    }

    /// The boundary this line opens or closes: `(index in boundaries, is the close delimiter)`.
    func matchBoundary(newline: Int) -> (index: Int, epilogue: Bool)? {
        let line = lineBuffer
        guard line.count >= 2, line[0] == ASCII.dash, line[1] == ASCII.dash else { return nil }
        let contentLength = lineLength - newline
        let wholeLine = lineLength <= line.count
        var findSize = contentLength - 2
        if wholeLine, findSize > 2, line[contentLength - 1] == ASCII.dash, line[contentLength - 2] == ASCII.dash {
            findSize -= 2
        }
        var best: Int?
        var bestLength = -1
        for index in boundaries.indices.reversed() {
            let b = boundaries[index].bytes
            guard b.count <= findSize, b.count > bestLength, 2 + b.count <= line.count else { continue }
            if line[2..<2 + b.count].elementsEqual(b) {
                best = index
                bestLength = b.count
                if b.count == findSize { break }
            }
        }
        guard let best else { return nil }
        let afterBoundary = 2 + bestLength
        let epilogue =
            lineLength - 2 >= bestLength + 2 && line.count >= afterBoundary + 2
            && line[afterBoundary] == ASCII.dash && line[afterBoundary + 1] == ASCII.dash
        return (best, epilogue)
    }

    /// When a boundary of an enclosing multipart directly follows a header's blank line, that newline
    /// becomes part of the boundary: the header (and any message/rfc822 child opened right after it)
    /// shrink by it, so the part ends up with a header without blank line and an empty body.
    /// Returns the index of the part whose header gave up its newline.
    @discardableResult
    mutating func moveBlankLineToBoundary(_ match: (index: Int, epilogue: Bool)) -> Int? {
        guard let blank = lastBlankLineHeaderEnd, blank.offset == lineStart, blank.index < stack.count,
            match.index < boundaries.count, boundaries[match.index].owner < blank.index
        else { return nil }
        lastBlankLineHeaderEnd = nil
        let bareCount = blank.bare ? 1 : 0
        for index in blank.index..<stack.count {
            if index == blank.index {
                stack[index].part.headerSize -= blank.newline
                stack[index].part.headerLines -= 1
                stack[index].part.headerBareLFs -= bareCount
                stack[index].bodyStart -= blank.newline
                stack[index].bodyStartLF -= 1
                stack[index].bodyStartBare -= bareCount
            } else if stack[index].part.headerOffset == blank.offset {
                stack[index].part.headerOffset -= blank.newline
                stack[index].headerStartLF -= 1
                stack[index].headerStartBare -= bareCount
            }
        }
        return blank.index
    }

    /// Closes every part opened inside the boundary's multipart: parts at `splitIndex` and deeper end at
    /// `end` (before the newline that belongs to the boundary), shallower ones at the boundary line itself
    /// (Dovecot adds a newline taken from a header to the parent's body).
    mutating func handleBoundary(
        _ match: (index: Int, epilogue: Bool), end: Int, lf: Int, bare: Int, splitIndex: Int, lineEnded: Bool
    ) {
        guard match.index < boundaries.count else { return }
        let owner = boundaries[match.index].owner
        while stack.count - 1 > owner {
            if stack.count - 1 >= splitIndex {
                closeTop(at: end, lf: lf, bare: bare)
            } else {
                closeTop(at: lineStart, lf: lineStartLF, bare: lineStartBare)
            }
        }
        if match.epilogue {
            boundaries.removeSubrange(match.index...)
        } else {
            boundaries.removeSubrange((match.index + 1)...)
        }
        mode = .body
        if lineEnded { afterBoundaryLine = offset }
        if lineEnded && !match.epilogue {
            _ = openChild(
                isMIME: true, isMessageHeader: false, parentIsDigest: stack[owner].isDigest, at: offset, lf: lfCount,
                bare: bareLFCount)
        }
    }
}
