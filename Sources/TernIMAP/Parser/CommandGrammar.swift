/// Recursive-descent parser for one complete command held in memory (lines and literals already framed
/// by ``CommandParser``). Pure: `ParseCursor` in, `TaggedCommand` out.
enum CommandGrammar {
    /// `tag = 1*<any ASTRING-CHAR except "+">`
    static func tag(_ cursor: inout ParseCursor) throws(ParserError) -> Tag {
        let bytes = cursor.read(while: Tag.isTagByte)
        guard !bytes.isEmpty else { throw cursor.error(.malformed, "a command must start with a tag") }
        return Tag(validated: String(decoding: bytes, as: UTF8.self))
    }

    /// The tag at the start of `bytes`, if one can be read (for error replies).
    static func leadingTag(_ cursor: ParseCursor) -> Tag? {
        var copy = cursor
        let bytes = copy.read(while: Tag.isTagByte)
        guard !bytes.isEmpty, copy.peek() == UInt8(ascii: " ") else { return nil }
        return Tag(validated: String(decoding: bytes, as: UTF8.self))
    }

    /// `tag SP command CRLF`, consuming the whole input.
    static func taggedCommand(_ cursor: inout ParseCursor) throws(ParserError) -> TaggedCommand {
        let tag = try tag(&cursor)
        try cursor.expectSpace()
        let command = try command(&cursor)
        try cursor.expectCRLF()
        guard cursor.isAtEnd else { throw cursor.error(.malformed, "unexpected bytes after the command") }
        return TaggedCommand(tag: tag, command: command)
    }

    static func commandName(_ cursor: inout ParseCursor) throws(ParserError) -> String {
        let bytes = cursor.read(while: IMAPCharacterClass.isAtomByte)
        guard !bytes.isEmpty else { throw cursor.error(.malformed, "expected a command name after the tag") }
        return String(decoding: bytes, as: UTF8.self).uppercased()
    }

    static func command(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        let name = try commandName(&cursor)
        switch name {
        case "CAPABILITY": return .capability
        case "NOOP": return .noop
        case "LOGOUT": return .logout
        case "STARTTLS": return .startTLS
        case "NAMESPACE": return .namespace
        case "IDLE": return .idle
        case "CHECK": return .check
        case "CLOSE": return .close
        case "UNSELECT": return .unselect
        case "EXPUNGE": return .expunge
        case "ID": return try id(&cursor)
        case "ENABLE":
            try cursor.expectSpace()
            let capabilities = try cursor.spaceSeparated("ENABLE", isItemStart: IMAPCharacterClass.isAtomByte) {
                (cursor: inout ParseCursor) throws(ParserError) in Capability(try cursor.atom())
            }
            return .enable(capabilities)
        case "COMPRESS":
            try cursor.expectSpace()
            return .compress(mechanism: try cursor.atom().uppercased())
        case "AUTHENTICATE": return try authenticate(&cursor)
        case "LOGIN":
            try cursor.expectSpace()
            let username = try cursor.astring()
            try cursor.expectSpace()
            return .login(username: username, password: try cursor.astring())
        case "SELECT":
            let (mailbox, parameters) = try select(&cursor)
            return .select(mailbox, parameters: parameters)
        case "EXAMINE":
            let (mailbox, parameters) = try select(&cursor)
            return .examine(mailbox, parameters: parameters)
        case "CREATE": return try create(&cursor)
        case "DELETE": return .delete(try spaceMailbox(&cursor))
        case "RENAME":
            let from = try spaceMailbox(&cursor)
            return .rename(from: from, to: try spaceMailbox(&cursor))
        case "SUBSCRIBE": return .subscribe(try spaceMailbox(&cursor))
        case "UNSUBSCRIBE": return .unsubscribe(try spaceMailbox(&cursor))
        case "LIST": return .list(try list(&cursor))
        case "LSUB":
            let reference = try spaceMailbox(&cursor)
            try cursor.expectSpace()
            return .lsub(reference: reference, pattern: try cursor.listMailbox())
        case "STATUS":
            let mailbox = try spaceMailbox(&cursor)
            try cursor.expectSpace()
            return .status(mailbox, try statusAttributes(&cursor))
        case "GETQUOTA":
            try cursor.expectSpace()
            return .getQuota(root: try cursor.astring())
        case "GETQUOTAROOT": return .getQuotaRoot(try spaceMailbox(&cursor))
        case "SETQUOTA": return try setQuota(&cursor)
        case "UID": return try uidCommand(&cursor)
        case "SEARCH": return .search(try search(&cursor, isUID: false))
        case "FETCH": return .fetch(try fetch(&cursor, isUID: false))
        case "STORE": return .store(try store(&cursor, isUID: false))
        case "COPY": return .copy(try copy(&cursor, isUID: false))
        case "MOVE": return .move(try copy(&cursor, isUID: false))
        case "SORT": return .sort(try sort(&cursor, isUID: false))
        case "THREAD": return .thread(try thread(&cursor, isUID: false))
        case "APPEND":
            throw cursor.error(.malformed, "APPEND needs a message literal")
        default:
            throw cursor.error(.unknownCommand, "unknown command \(name.prefix(32))")
        }
    }

    static func uidCommand(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        try cursor.expectSpace()
        let name = try commandName(&cursor)
        switch name {
        case "SEARCH": return .search(try search(&cursor, isUID: true))
        case "FETCH": return .fetch(try fetch(&cursor, isUID: true))
        case "STORE": return .store(try store(&cursor, isUID: true))
        case "COPY": return .copy(try copy(&cursor, isUID: true))
        case "MOVE": return .move(try copy(&cursor, isUID: true))
        case "SORT": return .sort(try sort(&cursor, isUID: true))
        case "THREAD": return .thread(try thread(&cursor, isUID: true))
        case "EXPUNGE":
            try cursor.expectSpace()
            return .uidExpunge(try cursor.sequenceSet())
        default:
            throw cursor.error(.unknownCommand, "unknown UID command \(name.prefix(32))")
        }
    }

    static func spaceMailbox(_ cursor: inout ParseCursor) throws(ParserError) -> MailboxName {
        try cursor.expectSpace()
        return try cursor.mailbox()
    }

    /// `"ID" SP ("(" *(string SP nstring) ")" / NIL)`
    static func id(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        try cursor.expectSpace()
        if cursor.consumeKeyword("NIL") { return .id(nil) }
        let parameters = try cursor.parenthesizedList(allowEmpty: true, "ID parameters") {
            (cursor: inout ParseCursor) throws(ParserError) -> IDParameter in
            let key = try cursor.string()
            try cursor.expectSpace()
            return IDParameter(key: key, value: try cursor.nstring())
        }
        return .id(parameters)
    }

    /// `"AUTHENTICATE" SP auth-type [SP (base64 / "=")]`
    static func authenticate(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        try cursor.expectSpace()
        let mechanism = try cursor.atom().uppercased()
        guard cursor.consume(UInt8(ascii: " ")) else {
            return .authenticate(mechanism: mechanism, initialResponse: nil)
        }
        let text = cursor.read(while: IMAPCharacterClass.isBase64Byte)
        guard !text.isEmpty else { throw cursor.error(.malformed, "expected a base64 initial response or =") }
        if text == [UInt8(ascii: "=")] {
            return .authenticate(mechanism: mechanism, initialResponse: .empty)
        }
        return .authenticate(mechanism: mechanism, initialResponse: .base64(text))
    }

    /// `"SETQUOTA" SP quota-root SP "(" [resource-name SP number64 *(...)] ")"`
    static func setQuota(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        try cursor.expectSpace()
        let root = try cursor.astring()
        try cursor.expectSpace()
        let limits = try cursor.parenthesizedList(allowEmpty: true, "quota limits") {
            (cursor: inout ParseCursor) throws(ParserError) -> QuotaLimit in
            let resource = try cursor.atom().uppercased()
            try cursor.expectSpace()
            return QuotaLimit(resource: resource, limit: try cursor.number64())
        }
        return .setQuota(root: root, limits: limits)
    }

    /// `sequence-set SP mailbox` of COPY and MOVE.
    static func copy(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> CopyCommand {
        try cursor.expectSpace()
        let set = try cursor.sequenceSet()
        return CopyCommand(isUID: isUID, set: set, mailbox: try spaceMailbox(&cursor))
    }
}
