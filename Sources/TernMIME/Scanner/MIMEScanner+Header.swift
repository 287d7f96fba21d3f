#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Header lines: fields are accumulated (only the ones the structure records, each bounded by
/// `maxFieldBytes`), a blank line or a boundary line ends the header.
extension MIMEScanner {
    /// Processes header bytes up to the end of the current line (or of the chunk). Works on whole runs
    /// between line feeds; the result is the same as feeding the bytes one at a time.
    mutating func scanHeader(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        if atLineStart {
            beginLine()
            if ASCII.isLWSP(bytes[start]) && fieldActive {
                lineIsContinuation = true
            } else {
                lineCap = limits.maxFieldBytes
            }
        }
        let found = memchr(base + start, Int32(ASCII.lf), bytes.count - start)
        let end = found.map { base.distance(to: UnsafeRawPointer($0)) + 1 } ?? bytes.count
        if lineIsContinuation {
            if fieldInteresting, field.count < limits.maxFieldBytes {
                let take = min(end - start, limits.maxFieldBytes - field.count)
                field.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<start + take]))
            }
            lineLength += end - start
        } else {
            appendLineRun(bytes, from: start, to: end)
        }
        let previous = end - start >= 2 ? bytes[end - 2] : lastByte
        lastByte = bytes[end - 1]
        offset += end - start
        if found != nil {
            lfCount += 1
            let bare = previous != ASCII.cr
            if bare { bareLFCount += 1 }
            endHeaderLine(newline: bare ? 1 : 2, bare: bare)
        }
        return end
    }

    /// Appends a run of a (non-continuation) header line to the line buffer, resolving the field name at
    /// the first colon, or giving up on a name after `maxFieldNameScan` bytes.
    mutating func appendLineRun(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var j = start
        while j < end {
            if lineNameResolved {
                appendCapped(bytes, j, end)
                lineLength += end - j
                return
            }
            // The first byte that settles the name: a colon, or the byte at position maxFieldNameScan.
            var k = j
            let limit = min(end, j + max(0, Self.maxFieldNameScan - lineLength))
            while k < limit, bytes[k] != ASCII.colon { k += 1 }
            appendCapped(bytes, j, k)
            lineLength += k - j
            j = k
            if j == end { return }
            appendCapped(bytes, j, j + 1)
            if bytes[j] == ASCII.colon {
                resolveFieldName()
            } else {
                lineNameResolved = true
                lineCap = Self.boundaryLinePrefix
            }
            lineLength += 1
            j += 1
        }
    }

    @inline(__always)
    mutating func appendCapped(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
        let room = lineCap - lineBuffer.count
        guard room > 0, to > from else { return }
        let take = min(to - from, room)
        lineBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[from..<from + take]))
    }

    /// Decides at the first colon whether this field is one the structure records; if not, only the
    /// line prefix needed for boundary detection is kept.
    mutating func resolveFieldName() {
        lineNameResolved = true
        guard let colon = lineBuffer.firstIndex(of: ASCII.colon) else { return }
        var end = colon
        while end > 0, ASCII.isLWSP(lineBuffer[end - 1]) { end -= 1 }
        if HeaderFieldName(lineBuffer[..<end], messageHeader: stack[stack.count - 1].isMessageHeader) == nil {
            lineCap = Self.boundaryLinePrefix
        }
    }

    mutating func endHeaderLine(newline: Int, bare: Bool) {
        if lineIsContinuation {
            completeLine(newline: newline, bare: bare)
            return
        }
        if newline > 0 && lineLength == newline {
            // Blank line: end of the header, which includes this line.
            finalizeField()
            lastBlankLineHeaderEnd = (stack.count - 1, offset, newline, bare)
            endOfHeader(viaBlankLine: true, at: offset, lf: lfCount, bare: bareLFCount)
            completeLine(newline: newline, bare: bare)
            return
        }
        if !boundaries.isEmpty, let match = matchBoundary(newline: newline) {
            // A boundary ends a header without blank line; the newline before it belongs to the boundary.
            finalizeField()
            let moved = moveBlankLineToBoundary(match)
            let headerPart = moved ?? stack.count - 1
            let top = stack[stack.count - 1]
            let first = lineStart == top.part.headerOffset
            let end = first ? lineStart : lineStart - previousNewline
            let endLF = first ? lineStartLF : lineStartLF - 1
            let endBare = first || !previousNewlineBare ? lineStartBare : lineStartBare - 1
            let owner = boundaries[match.index].owner
            endOfHeader(viaBlankLine: false, at: end, lf: endLF, bare: endBare)
            while mode == .header {
                // message/rfc822 opened an (empty) encapsulated message: its header ends here too.
                endOfHeader(viaBlankLine: false, at: end, lf: endLF, bare: endBare)
            }
            if degradation == nil, match.index < boundaries.count, boundaries[match.index].owner == owner {
                handleBoundary(
                    match, end: end, lf: endLF, bare: endBare, splitIndex: headerPart, lineEnded: newline > 0)
            }
            completeLine(newline: newline, bare: bare)
            return
        }
        finalizeField()
        swap(&field, &lineBuffer)
        fieldActive = true
        fieldInteresting = lineCap > Self.boundaryLinePrefix
        completeLine(newline: newline, bare: bare)
    }

    /// Records the accumulated field in the part being parsed, if it is one the structure keeps.
    mutating func finalizeField() {
        defer {
            field.removeAll(keepingCapacity: true)
            fieldActive = false
            fieldInteresting = false
        }
        guard fieldActive, fieldInteresting, let colon = field.firstIndex(of: ASCII.colon) else { return }
        var nameEnd = colon
        while nameEnd > 0, ASCII.isLWSP(field[nameEnd - 1]) { nameEnd -= 1 }
        let index = stack.count - 1
        guard let name = HeaderFieldName(field[..<nameEnd], messageHeader: stack[index].isMessageHeader) else { return }
        // The value: leading white space skipped (all of it, or one byte if there is nothing else),
        // the final line break removed, inner folding kept.
        var valueStart = colon + 1
        var valueEnd = field.count
        if valueEnd > valueStart, field[valueEnd - 1] == ASCII.lf {
            valueEnd -= 1
            if valueEnd > valueStart, field[valueEnd - 1] == ASCII.cr { valueEnd -= 1 }
        }
        var p = valueStart
        while p < valueEnd, ASCII.isLWSP(field[p]) { p += 1 }
        if p == valueEnd, valueEnd > valueStart { p = valueStart + 1 }
        valueStart = p
        let value = Array(field[valueStart..<valueEnd])
        if name == .mimeVersion {
            stack[index].isMIME = true
            return
        }
        guard retain(value.count) else { return }
        stack[index].record(name, value)
    }

    /// Charges recorded header bytes against the message-wide budget.
    mutating func retain(_ count: Int) -> Bool {
        guard degradation == nil || !rootHeaderDone else { return false }
        if retainedBytes + count > limits.maxRetainedHeaderBytes {
            degrade(.headersTooLarge)
            return false
        }
        retainedBytes += count
        return true
    }
}

extension MIMEScanner.OpenPart {
    mutating func record(_ name: HeaderFieldName, _ value: [UInt8]) {
        switch name {
        case .contentType:
            guard !seenContentType else { return }
            seenContentType = true
            isMIME = true
            let parsed = MIMEFieldParser.contentType(value)
            part.content.type = parsed.type
            part.content.subtype = parsed.subtype
            part.content.parameters = parsed.parameters ?? []
            contentTypeCombined = parsed.combined
            boundary = MIMEFieldParser.boundary(of: parsed)
        case .contentTransferEncoding:
            if part.content.transferEncoding == nil { part.content.transferEncoding = MIMEFieldParser.transferEncoding(value) }
            part.content.lastTransferEncodingToken = MIMEFieldParser.transferEncodingToken(value)
        case .contentID:
            if part.content.id == nil { part.content.id = value }
        case .contentDescription:
            if part.content.description == nil { part.content.description = value }
        case .contentDisposition:
            // Dovecot keeps reading later Content-Disposition fields until one had parameters.
            if part.content.dispositionParameters.isEmpty, let parsed = MIMEFieldParser.disposition(value) {
                part.content.disposition = parsed.disposition
                part.content.dispositionParameters = parsed.parameters
            }
        case .contentLanguage:
            if part.content.language == nil { part.content.language = MIMEFieldParser.language(value) }
        case .contentLocation:
            if part.content.location == nil { part.content.location = value }
        case .contentMD5:
            if part.content.md5 == nil { part.content.md5 = value }
        case .mimeVersion:
            isMIME = true
        case .date: part.envelope?.date = value
        case .subject: part.envelope?.subject = value
        case .from: part.envelope?.from.appendOccurrence(value)
        case .sender: part.envelope?.sender.appendOccurrence(value)
        case .replyTo: part.envelope?.replyTo.appendOccurrence(value)
        case .to: part.envelope?.to.appendOccurrence(value)
        case .cc: part.envelope?.cc.appendOccurrence(value)
        case .bcc: part.envelope?.bcc.appendOccurrence(value)
        case .inReplyTo: part.envelope?.inReplyTo = value
        case .messageID: part.envelope?.messageID = value
        }
    }
}

extension Optional where Wrapped == [[UInt8]] {
    /// Adds one occurrence of a repeated header field.
    mutating func appendOccurrence(_ value: [UInt8]) {
        if self == nil { self = [value] } else { self?.append(value) }
    }
}

/// The header fields the scanner records.
enum HeaderFieldName: Hashable {
    case contentType, contentTransferEncoding, contentID, contentDescription, contentDisposition
    case contentLanguage, contentLocation, contentMD5, mimeVersion
    case date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageID

    private static let mime: [([UInt8], HeaderFieldName)] = ([
        ("content-type", .contentType), ("content-transfer-encoding", .contentTransferEncoding),
        ("content-id", .contentID), ("content-description", .contentDescription),
        ("content-disposition", .contentDisposition), ("content-language", .contentLanguage),
        ("content-location", .contentLocation), ("content-md5", .contentMD5), ("mime-version", .mimeVersion),
    ] as [(String, HeaderFieldName)]).map { (Array($0.0.utf8), $0.1) }
    private static let envelope: [([UInt8], HeaderFieldName)] = ([
        ("date", .date), ("subject", .subject), ("from", .from), ("sender", .sender), ("reply-to", .replyTo),
        ("to", .to), ("cc", .cc), ("bcc", .bcc), ("in-reply-to", .inReplyTo), ("message-id", .messageID),
    ] as [(String, HeaderFieldName)]).map { (Array($0.0.utf8), $0.1) }

    /// `messageHeader`: whether envelope fields count (the message header or an encapsulated message's).
    /// Called for every header line, so it compares bytes directly (lowercase table entries).
    init?(_ name: ArraySlice<UInt8>, messageHeader: Bool) {
        let count = name.count
        guard count >= 2, count <= 25 else { return nil }
        let first = ASCII.lower(name[name.startIndex])
        if first == UInt8(ascii: "c") || first == UInt8(ascii: "m") {
            for (text, value) in Self.mime where text.count == count && Self.matches(name, text) {
                self = value
                return
            }
        }
        guard messageHeader else { return nil }
        for (text, value) in Self.envelope where text.count == count && Self.matches(name, text) {
            self = value
            return
        }
        return nil
    }

    @inline(__always)
    private static func matches(_ name: ArraySlice<UInt8>, _ lowercase: [UInt8]) -> Bool {
        var i = name.startIndex
        for b in lowercase {
            if ASCII.lower(name[i]) != b { return false }
            i += 1
        }
        return true
    }
}
