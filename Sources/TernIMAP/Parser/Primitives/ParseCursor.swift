import NIOCore

/// A pure, non-incremental lexer over bytes: the IMAP tokens both the command and the response
/// parsers are made of.
///
/// The cursor never reads past its buffer; running out of bytes throws ``ParserError/Code/incomplete``
/// (which an incremental caller treats as "need more input" and retries from the start of the unit).
/// Lists and nesting are bounded by ``ParserLimits``.
public struct ParseCursor: Sendable {
    public private(set) var buffer: ByteBuffer
    public let limits: ParserLimits
    private let startIndex: Int
    /// Current parenthesis / search-key nesting depth.
    public private(set) var depth = 0

    public init(_ buffer: ByteBuffer, limits: ParserLimits = .default) {
        self.buffer = buffer
        self.limits = limits
        self.startIndex = buffer.readerIndex
    }

    /// Bytes consumed since the cursor was created.
    public var offset: Int { buffer.readerIndex - startIndex }

    public var isAtEnd: Bool { buffer.readableBytes == 0 }

    public var remainingBytes: Int { buffer.readableBytes }

    public func peek(_ ahead: Int = 0) -> UInt8? {
        guard ahead < buffer.readableBytes else { return nil }
        return buffer.getInteger(at: buffer.readerIndex + ahead, as: UInt8.self)
    }

    public mutating func advance(by count: Int = 1) {
        buffer.moveReaderIndex(forwardBy: min(count, buffer.readableBytes))
    }

    public func error(_ code: ParserError.Code, _ message: String) -> ParserError {
        ParserError(code, message, offset: offset)
    }

    /// `incomplete` at the end of input, else `malformed` with "expected `what`".
    public func expected(_ what: String) -> ParserError {
        if isAtEnd { return error(.incomplete, "input ended where \(what) was expected") }
        return error(.malformed, "expected \(what)")
    }

    // MARK: Single bytes

    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        advance()
        return true
    }

    public mutating func expect(_ byte: UInt8, _ what: String) throws(ParserError) {
        guard consume(byte) else { throw expected(what) }
    }

    public mutating func expectSpace() throws(ParserError) {
        try expect(UInt8(ascii: " "), "a space")
    }

    public mutating func expectCRLF() throws(ParserError) {
        if consume(UInt8(ascii: "\r")) {
            try expect(UInt8(ascii: "\n"), "LF after CR")
        } else {
            try expect(UInt8(ascii: "\n"), "end of line")
        }
    }

    public var atLineEnd: Bool { peek() == UInt8(ascii: "\r") || peek() == UInt8(ascii: "\n") }

    // MARK: Keywords

    /// Bytes that may continue a keyword; a keyword only matches when the next byte is none of these.
    static func isKeywordContinuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "="), UInt8(ascii: "+"):
            return true
        default:
            return false
        }
    }

    /// Whether the input starts with `keyword` (ASCII, compared case-insensitively), not followed by a
    /// keyword character. `keyword` must be uppercase.
    public func hasKeyword(_ keyword: StaticString) -> Bool {
        let length = keyword.utf8CodeUnitCount
        guard buffer.readableBytes >= length else { return false }
        let matches = keyword.withUTF8Buffer { word in
            for index in 0..<length {
                guard let byte = peek(index) else { return false }
                let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                if upper != word[index] { return false }
            }
            return true
        }
        guard matches else { return false }
        if let next = peek(length), ParseCursor.isKeywordContinuation(next) { return false }
        return true
    }

    public mutating func consumeKeyword(_ keyword: StaticString) -> Bool {
        guard hasKeyword(keyword) else { return false }
        advance(by: keyword.utf8CodeUnitCount)
        return true
    }

    public mutating func expectKeyword(_ keyword: StaticString) throws(ParserError) {
        guard consumeKeyword(keyword) else { throw expected("\(keyword)") }
    }

    // MARK: Atoms and numbers

    /// Consumes bytes while `predicate` holds (at most the whole remaining input).
    public mutating func read(while predicate: (UInt8) -> Bool) -> [UInt8] {
        let view = buffer.readableBytesView
        let end = view.firstIndex { !predicate($0) } ?? view.endIndex
        let bytes = Array(view[view.startIndex..<end])
        advance(by: bytes.count)
        return bytes
    }

    /// `atom = 1*ATOM-CHAR`
    public mutating func atomBytes() throws(ParserError) -> [UInt8] {
        let bytes = read(while: IMAPCharacterClass.isAtomByte)
        guard !bytes.isEmpty else { throw expected("an atom") }
        if isAtEnd { throw error(.incomplete, "input ended inside an atom") }
        return bytes
    }

    public mutating func atom() throws(ParserError) -> String {
        String(decoding: try atomBytes(), as: UTF8.self)
    }

    /// `number64 = 1*DIGIT` up to `maximum`.
    public mutating func number64(maximum: UInt64 = ModSeq.maximum) throws(ParserError) -> UInt64 {
        var value: UInt64 = 0
        var digits = 0
        while let byte = peek(), IMAPCharacterClass.isDigit(byte) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2, sum <= maximum else {
                throw error(.malformed, "number too large (maximum \(maximum))")
            }
            value = sum
            digits += 1
            advance()
        }
        guard digits > 0 else { throw expected("a number") }
        if isAtEnd { throw error(.incomplete, "input ended inside a number") }
        return value
    }

    /// `number = 1*DIGIT` (32-bit)
    public mutating func number() throws(ParserError) -> UInt32 {
        UInt32(try number64(maximum: UInt64(UInt32.max)))
    }

    /// `nz-number = digit-nz *DIGIT` (32-bit, non-zero)
    public mutating func nzNumber() throws(ParserError) -> UInt32 {
        guard let first = peek(), first != UInt8(ascii: "0") else { throw expected("a non-zero number") }
        return try number()
    }

    public mutating func nzNumber64() throws(ParserError) -> UInt64 {
        guard let first = peek(), first != UInt8(ascii: "0") else { throw expected("a non-zero number") }
        return try number64()
    }

    // MARK: Strings

    /// `quoted = DQUOTE *QUOTED-CHAR DQUOTE`; only `\"` and `\\` escapes; UTF-8 bytes accepted.
    public mutating func quoted() throws(ParserError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), "a quoted string")
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error(.incomplete, "input ended inside a quoted string") }
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return bytes
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw error(.incomplete, "input ended inside a quoted string") }
                guard IMAPCharacterClass.isQuotedSpecial(escaped) else {
                    throw error(.malformed, "only \\\" and \\\\ may be escaped in a quoted string")
                }
                advance()
                bytes.append(escaped)
            default:
                guard IMAPCharacterClass.isQuotedByte(byte) else {
                    throw error(.malformed, "byte 0x\(String(byte, radix: 16)) not allowed in a quoted string")
                }
                bytes.append(byte)
            }
        }
    }

    /// Reads a literal announcement `{N}`, `{N+}` or `~{N}` through its CRLF.
    public mutating func literalHeader(allowBinary: Bool = false) throws(ParserError) -> LiteralHeader {
        let binary = consume(UInt8(ascii: "~"))
        if binary && !allowBinary { throw error(.malformed, "literal8 not allowed here") }
        try expect(UInt8(ascii: "{"), "a literal")
        let size = try number64()
        let nonSynchronizing = consume(UInt8(ascii: "+"))
        try expect(UInt8(ascii: "}"), "} closing the literal size")
        try expectCRLF()
        return LiteralHeader(size: size, isNonSynchronizing: nonSynchronizing, isBinary: binary)
    }

    /// A whole literal: header, CRLF and data (at most `limits.maxLiteralSize` bytes).
    public mutating func literal(allowBinary: Bool = false) throws(ParserError) -> (
        header: LiteralHeader, bytes: ByteBuffer
    ) {
        let header = try literalHeader(allowBinary: allowBinary)
        guard header.size <= UInt64(limits.maxLiteralSize) else {
            throw error(.literalTooLarge, "literal of \(header.size) bytes exceeds \(limits.maxLiteralSize)")
        }
        guard let bytes = buffer.getSlice(at: buffer.readerIndex, length: Int(header.size)) else {
            throw error(.incomplete, "input ended inside a literal")
        }
        // literal = CHAR8 (no NUL); only literal8 may carry NUL.
        if !header.isBinary, bytes.readableBytesView.contains(0) {
            throw error(.malformed, "NUL is not allowed in a literal (only in literal8)")
        }
        advance(by: Int(header.size))
        return (header, bytes)
    }

    /// `string = quoted / literal`
    public mutating func string() throws(ParserError) -> ByteString {
        if peek() == UInt8(ascii: "\"") {
            return ByteString(try quoted(), form: .quoted)
        }
        guard peek() == UInt8(ascii: "{") else { throw expected("a string") }
        let (header, bytes) = try literal()
        return ByteString(Array(bytes.readableBytesView), form: header.isNonSynchronizing ? .nonSynchronizingLiteral : .literal)
    }

    /// `astring = 1*ASTRING-CHAR / string`
    public mutating func astring() throws(ParserError) -> ByteString {
        if let byte = peek(), byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") {
            return try string()
        }
        let bytes = read(while: IMAPCharacterClass.isAStringByte)
        guard !bytes.isEmpty else { throw expected("a string") }
        if isAtEnd { throw error(.incomplete, "input ended inside an atom") }
        return ByteString(bytes, form: .atom)
    }

    /// `nstring = string / "NIL"`
    public mutating func nstring() throws(ParserError) -> ByteString? {
        if consumeKeyword("NIL") { return nil }
        return try string()
    }

    /// `list-mailbox = 1*list-char / string` (LIST / LSUB patterns, with `%` and `*`).
    public mutating func listMailbox() throws(ParserError) -> ByteString {
        if let byte = peek(), byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") {
            return try string()
        }
        let bytes = read(while: IMAPCharacterClass.isListByte)
        guard !bytes.isEmpty else { throw expected("a mailbox pattern") }
        if isAtEnd { throw error(.incomplete, "input ended inside a mailbox pattern") }
        return ByteString(bytes, form: .atom)
    }

    /// `mailbox = "INBOX" / astring`, bytes kept as sent.
    public mutating func mailbox() throws(ParserError) -> MailboxName {
        let name = try astring()
        return MailboxName(name.bytes, form: name.form)
    }

    // MARK: Nesting and lists

    /// Runs `body` one nesting level deeper, failing with `nestingTooDeep` beyond `limits.maxNestingDepth`.
    public mutating func nested<T>(_ body: (inout ParseCursor) throws(ParserError) -> T) throws(ParserError) -> T {
        guard depth < limits.maxNestingDepth else {
            throw error(.nestingTooDeep, "nesting deeper than \(limits.maxNestingDepth) levels")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// `"(" [item *(SP item)] ")"`, at most `limits.maxListItems` items, one nesting level deeper.
    public mutating func parenthesizedList<T>(
        allowEmpty: Bool = false,
        _ what: String,
        _ item: (inout ParseCursor) throws(ParserError) -> T
    ) throws(ParserError) -> [T] {
        try expect(UInt8(ascii: "("), "( opening \(what)")
        return try nested { (cursor: inout ParseCursor) throws(ParserError) -> [T] in
            var items: [T] = []
            if cursor.consume(UInt8(ascii: ")")) {
                guard allowEmpty else { throw cursor.error(.malformed, "\(what) must not be empty") }
                return items
            }
            while true {
                guard items.count < cursor.limits.maxListItems else {
                    throw cursor.error(.tooManyItems, "more than \(cursor.limits.maxListItems) items in \(what)")
                }
                items.append(try item(&cursor))
                if cursor.consume(UInt8(ascii: ")")) { return items }
                guard cursor.consume(UInt8(ascii: " ")) else { throw cursor.expected("space or ) in \(what)") }
            }
        }
    }

    /// `item *(SP item)` without parentheses, stopping before anything that is not `SP item`.
    /// `isItemStart` decides, from the byte after a space, whether another item follows.
    public mutating func spaceSeparated<T>(
        _ what: String,
        isItemStart: (UInt8) -> Bool,
        _ item: (inout ParseCursor) throws(ParserError) -> T
    ) throws(ParserError) -> [T] {
        var items = [try item(&self)]
        while peek() == UInt8(ascii: " "), let next = peek(1), isItemStart(next) {
            guard items.count < limits.maxListItems else {
                throw error(.tooManyItems, "more than \(limits.maxListItems) items in \(what)")
            }
            advance()
            items.append(try item(&self))
        }
        return items
    }
}

/// A literal announcement: `{N}`, `{N+}` (LITERAL+ / LITERAL-), `~{N}` (literal8, RFC 3516).
public struct LiteralHeader: Hashable, Sendable {
    public var size: UInt64
    public var isNonSynchronizing: Bool
    public var isBinary: Bool

    public init(size: UInt64, isNonSynchronizing: Bool = false, isBinary: Bool = false) {
        self.size = size
        self.isNonSynchronizing = isNonSynchronizing
        self.isBinary = isBinary
    }
}
