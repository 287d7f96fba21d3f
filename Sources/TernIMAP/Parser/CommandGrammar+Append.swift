/// The text around APPEND message literals. The framer calls these on the bytes before each message
/// literal (the literal header being the last thing in the buffer) and on the text after the last one.
extension CommandGrammar {
    /// Whether the buffer starts with `tag SP "APPEND" SP` (case-insensitive).
    static func isAppend(_ cursor: ParseCursor) -> Bool {
        var copy = cursor
        guard (try? tag(&copy)) != nil, copy.consume(UInt8(ascii: " ")) else { return false }
        return copy.consumeKeyword("APPEND") && copy.peek() == UInt8(ascii: " ")
    }

    /// `tag SP "APPEND" SP mailbox`; throws `.incomplete` when the mailbox is a literal not yet received.
    static func appendStart(_ cursor: inout ParseCursor) throws(ParserError) -> (Tag, MailboxName) {
        let tag = try tag(&cursor)
        try cursor.expectSpace()
        try cursor.expectKeyword("APPEND")
        try cursor.expectSpace()
        return (tag, try cursor.mailbox())
    }

    /// `SP [flag-list SP] [date-time SP] (literal-header / "UTF8" SP "(" literal8-header)`, which must end
    /// exactly at the end of the buffer (the header's CRLF is its last byte).
    static func appendMessageOpening(_ cursor: inout ParseCursor) throws(ParserError) -> AppendMessage {
        try cursor.expectSpace()
        var flags: [Flag]?
        if cursor.peek() == UInt8(ascii: "(") {
            flags = try cursor.flagList()
            try cursor.expectSpace()
        }
        var internalDate: InternalDate?
        if cursor.peek() == UInt8(ascii: "\"") {
            internalDate = try cursor.dateTime()
            try cursor.expectSpace()
        }
        let utf8 = cursor.consumeKeyword("UTF8")
        if utf8 {
            try cursor.expectSpace()
            try cursor.expect(UInt8(ascii: "("), "( after UTF8")
            guard cursor.peek() == UInt8(ascii: "~") else {
                throw cursor.error(.malformed, "UTF8 message data must be a literal8 ~{N}")
            }
        }
        guard cursor.peek() == UInt8(ascii: "{") || cursor.peek() == UInt8(ascii: "~") else {
            throw cursor.error(.malformed, "expected flags, a date-time or the message literal")
        }
        let header = try cursor.literalHeader(allowBinary: true)
        guard cursor.isAtEnd else { throw cursor.error(.malformed, "unexpected bytes after the message literal") }
        return AppendMessage(
            flags: flags, internalDate: internalDate,
            data: AppendData(
                byteCount: header.size, isNonSynchronizing: header.isNonSynchronizing, isBinary: header.isBinary,
                isUTF8: utf8))
    }

    /// What may follow a message literal: `)` closing `UTF8 (`, then either CRLF (the end) or another
    /// message. Returns nil at the end of the command.
    static func appendContinuation(_ cursor: inout ParseCursor, closeUTF8: Bool) throws(ParserError) -> AppendMessage? {
        if closeUTF8 { try cursor.expect(UInt8(ascii: ")"), ") closing UTF8 (") }
        if cursor.atLineEnd {
            try cursor.expectCRLF()
            guard cursor.isAtEnd else { throw cursor.error(.malformed, "unexpected bytes after APPEND") }
            return nil
        }
        return try appendMessageOpening(&cursor)
    }
}
