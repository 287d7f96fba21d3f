/// Streaming filter for HEADER.FIELDS / HEADER.FIELDS.NOT: feed a header block (in chunks of any size),
/// get the fields whose names are (or, with `exclude`, are not) in the list, with their continuation
/// lines, in their original order, line endings as CRLF, followed by the blank line if the header had one.
/// State is bounded: one field name prefix (at most `maxNameBytes`) and a held-back CR.
public struct HeaderFieldFilter: Hashable, Sendable {
    /// A field name is never longer than this; a longer line start cannot match a name in the list.
    public static let maxNameBytes = 1000

    /// The field names as given; they are matched ASCII case-insensitively.
    public let names: [[UInt8]]
    public let exclude: Bool

    private var atLineStart = true
    private var deciding = false
    private var nameBuffer: [UInt8] = []
    private var includeCurrent = false
    private var haveField = false
    private var pendingCR = false
    private var ended = false

    public init(names: [[UInt8]], exclude: Bool) {
        // Kept as given (no lowercased copy): a FETCH makes one filter per message, and `decide`
        // compares case-insensitively anyway.
        self.names = names
        self.exclude = exclude
    }

    public init(names: [String], exclude: Bool) {
        self.init(names: names.map { Array($0.utf8) }, exclude: exclude)
    }

    /// Filters a whole header block at once.
    public static func filter(_ header: some Sequence<UInt8>, names: [[UInt8]], exclude: Bool) -> [UInt8] {
        var filter = HeaderFieldFilter(names: names, exclude: exclude)
        var out: [UInt8] = []
        filter.feed(header, into: &out)
        filter.finish(into: &out)
        return out
    }

    /// The same over raw bytes. Callers in other modules should use this one: the generic `feed`
    /// is not specialized across modules, and unspecialized it costs a witness call per byte.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        feedBytes(bytes, into: &out)
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        feedBytes(bytes, into: &out)
    }

    private mutating func feedBytes(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            if ended { return }
            if atLineStart {
                atLineStart = false
                if b == ASCII.lf || b == ASCII.cr {
                    // Possibly the blank line: decide at its LF.
                    deciding = true
                    nameBuffer.removeAll(keepingCapacity: true)
                } else if ASCII.isLWSP(b) && haveField {
                    deciding = false  // continuation: same decision as its field
                } else {
                    deciding = true
                    nameBuffer.removeAll(keepingCapacity: true)
                }
            }
            if deciding {
                if b == ASCII.lf {
                    let content = nameBuffer.last == ASCII.cr ? nameBuffer.dropLast() : nameBuffer[...]
                    if content.isEmpty {
                        appendCRLF(to: &out)
                        ended = true
                        return
                    }
                    decide(name: content)
                    if includeCurrent { emit(content, into: &out) }
                    endLine(into: &out)
                    continue
                }
                if b == ASCII.colon || nameBuffer.count >= Self.maxNameBytes {
                    decide(name: nameBuffer[...])
                    if includeCurrent {
                        emit(nameBuffer[...], into: &out)
                        emitByte(b, into: &out)
                    }
                    continue
                }
                nameBuffer.append(b)
                continue
            }
            if b == ASCII.lf {
                endLine(into: &out)
                continue
            }
            if includeCurrent { emitByte(b, into: &out) }
        }
    }

    /// Ends the input. For a header without blank line Dovecot adds one only when the header's last
    /// field was filtered out; a last field that is kept is passed on as it is (even without line break).
    public mutating func finish(into out: inout [UInt8]) {
        guard !ended else { return }
        if deciding && !nameBuffer.isEmpty {
            decide(name: nameBuffer[...])
            if includeCurrent { emit(nameBuffer[...], into: &out) }
        }
        if pendingCR {
            out.append(ASCII.cr)
            pendingCR = false
        }
        if !(haveField && includeCurrent) { appendCRLF(to: &out) }
        ended = true
    }

    private mutating func decide(name: ArraySlice<UInt8>) {
        deciding = false
        haveField = true
        var end = name.endIndex
        while end > name.startIndex, ASCII.isLWSP(name[end - 1]) { end -= 1 }
        let trimmed = name[name.startIndex..<end]
        let listed = names.contains { ASCII.equalsIgnoringCase($0, trimmed) }
        includeCurrent = listed != exclude
    }

    private mutating func endLine(into out: inout [UInt8]) {
        if includeCurrent {
            pendingCR = false
            appendCRLF(to: &out)
        }
        atLineStart = true
    }

    private func appendCRLF(to out: inout [UInt8]) {
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    private mutating func emit(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        for b in bytes { emitByte(b, into: &out) }
    }

    /// Holds back a CR so that CRLF and bare LF both come out as one CRLF.
    private mutating func emitByte(_ b: UInt8, into out: inout [UInt8]) {
        if pendingCR {
            out.append(ASCII.cr)
            pendingCR = false
        }
        if b == ASCII.cr {
            pendingCR = true
        } else {
            out.append(b)
        }
    }
}
