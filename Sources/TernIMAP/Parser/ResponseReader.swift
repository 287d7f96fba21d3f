/// A cursor over one complete response frame (lines and literals), with the lexical rules of the response
/// grammar. The frame is complete, so running out of bytes is a malformed response, not "need more".
struct ResponseReader {
    let bytes: [UInt8]
    var index = 0
    let limits: ResponseParserLimits
    var depth = 0

    init(_ bytes: [UInt8], limits: ResponseParserLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    var isAtEnd: Bool { index >= bytes.count }

    func peek(offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    func error(_ message: String) -> ParserError {
        ParserError(.malformed, message, offset: index)
    }

    mutating func expect(_ byte: UInt8) throws(ParserError) {
        guard peek() == byte else {
            throw error("expected \"\(Character(Unicode.Scalar(byte)))\"")
        }
        index += 1
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func expectSpace() throws(ParserError) { try expect(UInt8(ascii: " ")) }

    mutating func expectCRLF() throws(ParserError) {
        _ = consume(UInt8(ascii: "\r"))
        try expect(UInt8(ascii: "\n"))
        guard isAtEnd else { throw error("unexpected bytes after the end of the response") }
    }

    var atLineEnd: Bool { peek() == UInt8(ascii: "\r") || peek() == UInt8(ascii: "\n") || isAtEnd }

    /// Consumes `keyword` case-insensitively if it comes next (and is not followed by more atom bytes).
    mutating func consumeKeyword(_ keyword: StaticString) -> Bool {
        let count = keyword.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = keyword.withUTF8Buffer { word in
            (0..<count).allSatisfy {
                ResponseReader.lowercased(bytes[index + $0]) == ResponseReader.lowercased(word[$0])
            }
        }
        guard matches else { return false }
        if let next = index + count < bytes.count ? bytes[index + count] : nil, IMAPCharacterClass.isAtomByte(next) {
            return false
        }
        index += count
        return true
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    static func uppercased(_ token: some Sequence<UInt8>) -> String {
        let upper = token.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 0x20 : $0 }
        return String(decoding: upper, as: UTF8.self)
    }

    mutating func enter() throws(ParserError) {
        depth += 1
        guard depth <= limits.maxNestingDepth else {
            throw ParserError(.nestingTooDeep, "nesting deeper than \(limits.maxNestingDepth)", offset: index)
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: Tokens

    /// Bytes while `predicate` holds (at least one).
    mutating func readWhile(_ what: String, _ predicate: (UInt8) -> Bool) throws(ParserError) -> ArraySlice<UInt8> {
        let start = index
        while let byte = peek(), predicate(byte) { index += 1 }
        guard index > start else { throw error("expected \(what)") }
        return bytes[start..<index]
    }

    mutating func readAtom() throws(ParserError) -> String {
        String(decoding: try readWhile("an atom", IMAPCharacterClass.isAtomByte), as: UTF8.self)
    }

    /// `number` (32-bit) or `number64`.
    mutating func readNumber64() throws(ParserError) -> UInt64 {
        let digits = try readWhile("a number", IMAPCharacterClass.isDigit)
        var value: UInt64 = 0
        for digit in digits {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else { throw error("number out of range") }
            value = sum
        }
        return value
    }

    mutating func readNumber() throws(ParserError) -> UInt32 {
        let value = try readNumber64()
        guard value <= UInt64(UInt32.max) else { throw error("number out of range") }
        return UInt32(value)
    }

    mutating func readNonZeroNumber() throws(ParserError) -> UInt32 {
        let value = try readNumber()
        guard value > 0 else { throw error("expected a non-zero number") }
        return value
    }

    /// Text to the end of the line (excluding CRLF).
    mutating func readTextToLineEnd() -> String {
        let start = index
        while let byte = peek(), byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Strings

    /// `quoted` or `literal` (and `literal8` when `binary`), remembering the form.
    mutating func readString(allowLiteral8: Bool = false) throws(ParserError) -> ByteString {
        switch peek() {
        case UInt8(ascii: "\""):
            return try readQuoted()
        case UInt8(ascii: "{"):
            return ByteString(try readLiteral(), form: .literal)
        case UInt8(ascii: "~") where allowLiteral8:
            index += 1
            return ByteString(try readLiteral(), form: .literal)
        default:
            throw error("expected a string")
        }
    }

    mutating func readQuoted() throws(ParserError) -> ByteString {
        try expect(UInt8(ascii: "\""))
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated quoted string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return ByteString(value, form: .quoted)
            case UInt8(ascii: "\\"):
                guard let escaped = peek(), IMAPCharacterClass.isQuotedSpecial(escaped) else {
                    throw error("invalid escape in quoted string")
                }
                index += 1
                value.append(escaped)
            case 0, UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                throw error("CR, LF or NUL in quoted string")
            default:
                value.append(byte)
            }
        }
    }

    /// `"{" number "}" CRLF *CHAR8` (the framer has checked the size against the limits).
    mutating func readLiteral() throws(ParserError) -> [UInt8] {
        try expect(UInt8(ascii: "{"))
        let count = try readNumber64()
        try expect(UInt8(ascii: "}"))
        try expect(UInt8(ascii: "\r"))
        try expect(UInt8(ascii: "\n"))
        guard count <= UInt64(bytes.count - index) else { throw error("literal is cut short") }
        let value = Array(bytes[index..<(index + Int(count))])
        index += Int(count)
        return value
    }

    mutating func readNString() throws(ParserError) -> ByteString? {
        if consumeKeyword("NIL") { return nil }
        return try readString()
    }

    /// `astring = 1*ASTRING-CHAR / string`.
    mutating func readAString() throws(ParserError) -> ByteString {
        if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "{") {
            return try readString()
        }
        return ByteString(Array(try readWhile("an astring", IMAPCharacterClass.isAStringByte)), form: .atom)
    }

    mutating func readMailbox() throws(ParserError) -> MailboxName {
        let name = try readAString()
        return MailboxName(name.bytes, form: name.form)
    }

    /// A flag, mailbox attribute or capability-like token: `\`? atom, or `\*`.
    mutating func readFlagToken() throws(ParserError) -> String {
        let start = index
        if consume(UInt8(ascii: "\\")) {
            if consume(UInt8(ascii: "*")) { return "\\*" }
        }
        _ = try readWhile("a flag", IMAPCharacterClass.isAtomByte)
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `"(" [item *(SP item)] ")"`.
    mutating func readList<T>(_ readItem: (inout ResponseReader) throws(ParserError) -> T) throws(ParserError) -> [T] {
        try expect(UInt8(ascii: "("))
        try enter()
        defer { leave() }
        var items: [T] = []
        if consume(UInt8(ascii: ")")) { return items }
        while true {
            guard items.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "more than \(limits.maxListItems) list items", offset: index)
            }
            items.append(try readItem(&self))
            if consume(UInt8(ascii: ")")) { return items }
            try expectSpace()
        }
    }

    /// `"(" [string *(SP string)] ")"`.
    mutating func readStringList() throws(ParserError) -> [ByteString] {
        try readList { (reader: inout ResponseReader) throws(ParserError) in try reader.readString() }
    }

    /// `"(" [astring *(SP astring)] ")"`.
    mutating func readAStringList() throws(ParserError) -> [ByteString] {
        try readList { (reader: inout ResponseReader) throws(ParserError) in try reader.readAString() }
    }

    /// `flag-list`, also with `\*` (PERMANENTFLAGS) and `\Recent` (FETCH).
    mutating func readFlagList() throws(ParserError) -> [Flag] {
        try readList { (reader: inout ResponseReader) throws(ParserError) in Flag(try reader.readFlagToken()) }
    }

    /// `DQUOTE QUOTED-CHAR DQUOTE / nil`.
    mutating func readDelimiter() throws(ParserError) -> UInt8? {
        if consumeKeyword("NIL") { return nil }
        let quoted = try readQuoted()
        guard quoted.bytes.count == 1, let delimiter = quoted.bytes.first else {
            throw error("a hierarchy delimiter is one character")
        }
        return delimiter
    }

    /// `sequence-set` as in responses (numbers and `*`).
    mutating func readSequenceSet() throws(ParserError) -> SequenceSet {
        if consume(UInt8(ascii: "$")) { return .lastSearchResult }
        var ranges: [SequenceRange] = []
        repeat {
            guard ranges.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "more than \(limits.maxListItems) ranges", offset: index)
            }
            let lower = try readSequenceBound()
            if consume(UInt8(ascii: ":")) {
                ranges.append(SequenceRange(lower, try readSequenceBound()))
            } else {
                ranges.append(SequenceRange(lower))
            }
        } while consume(UInt8(ascii: ","))
        return .ranges(ranges)
    }

    private mutating func readSequenceBound() throws(ParserError) -> SequenceBound {
        if consume(UInt8(ascii: "*")) { return .last }
        return .number(try readNonZeroNumber())
    }

    /// `uid-set` (no `*`): ranges are stored low to high.
    mutating func readUIDSet() throws(ParserError) -> UIDSet {
        var ranges: [ClosedRange<UID>] = []
        repeat {
            guard ranges.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "more than \(limits.maxListItems) ranges", offset: index)
            }
            let first = UID(try readNonZeroNumber())
            var last = first
            if consume(UInt8(ascii: ":")) { last = UID(try readNonZeroNumber()) }
            ranges.append(min(first, last)...max(first, last))
        } while consume(UInt8(ascii: ","))
        return UIDSet(ranges)
    }

    /// `body-extension` / `tagged-ext-val`: nstring, number, atom-like tokens (sequence sets), or lists.
    mutating func readExtensionValue() throws(ParserError) -> ExtensionValue {
        switch peek() {
        case UInt8(ascii: "("):
            let values = try readList { (reader: inout ResponseReader) throws(ParserError) in
                try reader.readExtensionValue()
            }
            return .list(values)
        case UInt8(ascii: "\""), UInt8(ascii: "{"):
            return .string(try readString())
        default:
            if consumeKeyword("NIL") { return .nil }
            let token = try readWhile("a value", IMAPCharacterClass.isAStringByte)
            if token.allSatisfy(IMAPCharacterClass.isDigit), token.count <= 18,
                let number = UInt64(String(decoding: token, as: UTF8.self))
            {
                return .number(number)
            }
            return .atom(String(decoding: token, as: UTF8.self))
        }
    }
}
