/// Splits a header block, fed in chunks, into fields: `(name, raw value)` with continuation lines
/// kept (CR/LF included; `EncodedWordDecoder` unfolds). Stops at the blank line that ends the header.
///
/// Bounded: a name longer than `maxNameBytes` is cut, a value longer than `maxValueBytes` keeps only its
/// first `maxValueBytes` (enough for any real search or threading use); state is one field.
struct HeaderFieldScanner {
    static let maxNameBytes = 256
    static let maxValueBytes = 64 * 1024

    struct Field {
        /// Lowercased ASCII field name, blanks before the colon removed.
        var name: [UInt8]
        var value: [UInt8]
    }

    private enum State {
        case lineStart
        case name
        case value
        case blankLine
        case ended
    }

    private var state = State.lineStart
    private var name: [UInt8] = []
    private var value: [UInt8] = []
    private var inField = false

    private(set) var isFinished = false

    /// Feeds bytes; `handle` gets each completed field and returns false to stop scanning.
    mutating func feed(_ bytes: some Sequence<UInt8>, _ handle: (Field) -> Bool) {
        for byte in bytes {
            switch state {
            case .ended:
                return
            case .lineStart:
                if byte == 0x20 || byte == 0x09, inField {
                    appendValue(byte)
                    state = .value
                    continue
                }
                if inField, !emit(handle) { return }
                if byte == 0x0D {
                    state = .blankLine
                } else if byte == 0x0A {
                    finishHeader()
                    return
                } else {
                    name.removeAll(keepingCapacity: true)
                    value.removeAll(keepingCapacity: true)
                    appendName(byte)
                    state = .name
                }
            case .blankLine:
                if byte == 0x0A {
                    finishHeader()
                    return
                }
                // A lone CR starting a line: treat it as the start of a (broken) field name.
                name.removeAll(keepingCapacity: true)
                value.removeAll(keepingCapacity: true)
                appendName(byte)
                state = .name
            case .name:
                if byte == UInt8(ascii: ":") {
                    while let last = name.last, last == 0x20 || last == 0x09 { name.removeLast() }
                    inField = true
                    state = .value
                } else if byte == 0x0A {
                    // A line without a colon is not a field; ignore it.
                    inField = false
                    state = .lineStart
                } else {
                    appendName(byte)
                }
            case .value:
                if byte == 0x0A {
                    appendValue(byte)
                    state = .lineStart
                } else {
                    appendValue(byte)
                }
            }
        }
    }

    /// Ends the input (a header without blank line ends with the data); emits a pending field.
    mutating func finish(_ handle: (Field) -> Bool) {
        guard state != .ended else { return }
        if inField, state == .value || state == .lineStart { _ = emit(handle) }
        finishHeader()
    }

    private mutating func emit(_ handle: (Field) -> Bool) -> Bool {
        inField = false
        var trimmed = value[...]
        while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
        guard handle(Field(name: name, value: Array(trimmed))) else {
            state = .ended
            isFinished = true
            return false
        }
        return true
    }

    private mutating func finishHeader() {
        state = .ended
        isFinished = true
    }

    private mutating func appendName(_ byte: UInt8) {
        if name.count < Self.maxNameBytes { name.append(ASCIIFold.lower(byte)) }
    }

    private mutating func appendValue(_ byte: UInt8) {
        if value.count < Self.maxValueBytes { value.append(byte) }
    }
}
