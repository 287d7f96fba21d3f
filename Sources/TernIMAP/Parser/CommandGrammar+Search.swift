/// SEARCH, SORT and THREAD: the search program and its keys.
extension CommandGrammar {
    /// `[SP "RETURN" SP "(" ... ")"] [SP "CHARSET" SP astring] 1*(SP search-key)`
    static func search(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> SearchCommand {
        try cursor.expectSpace()
        var returnOptions: [SearchReturnOption]?
        if cursor.consumeKeyword("RETURN") {
            try cursor.expectSpace()
            returnOptions = try cursor.parenthesizedList(allowEmpty: true, "SEARCH return options") {
                (cursor: inout ParseCursor) throws(ParserError) -> SearchReturnOption in
                let name = try cursor.atom().uppercased()
                guard let option = SearchReturnOption(rawValue: name) else {
                    throw cursor.error(.malformed, "unknown SEARCH return option \(name.prefix(32))")
                }
                return option
            }
            try cursor.expectSpace()
        }
        var charset: ByteString?
        if cursor.consumeKeyword("CHARSET") {
            try cursor.expectSpace()
            charset = try cursor.astring()
            try cursor.expectSpace()
        }
        let keys = try searchProgram(&cursor)
        return SearchCommand(isUID: isUID, returnOptions: returnOptions, charset: charset, keys: keys)
    }

    /// `search-key *(SP search-key)` up to the end of the line.
    static func searchProgram(_ cursor: inout ParseCursor) throws(ParserError) -> [SearchKey] {
        var count = 0
        var keys = [try searchKey(&cursor, count: &count)]
        while cursor.consume(UInt8(ascii: " ")) {
            keys.append(try searchKey(&cursor, count: &count))
        }
        return keys
    }

    /// `"SORT" SP "(" sort-criterion... ")" SP charset 1*(SP search-key)` (RFC 5256)
    static func sort(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> SortCommand {
        try cursor.expectSpace()
        let criteria = try cursor.parenthesizedList("sort criteria") {
            (cursor: inout ParseCursor) throws(ParserError) -> SortCriterion in
            let reverse = cursor.consumeKeyword("REVERSE")
            if reverse { try cursor.expectSpace() }
            let name = try cursor.atom().uppercased()
            guard let key = SortCriterion.Key(rawValue: name) else {
                throw cursor.error(.malformed, "unknown sort key \(name.prefix(32))")
            }
            return SortCriterion(key, reverse: reverse)
        }
        try cursor.expectSpace()
        let charset = try cursor.astring()
        try cursor.expectSpace()
        return SortCommand(isUID: isUID, criteria: criteria, charset: charset, keys: try searchProgram(&cursor))
    }

    /// `"THREAD" SP thread-alg SP charset 1*(SP search-key)` (RFC 5256)
    static func thread(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> ThreadCommand {
        try cursor.expectSpace()
        let algorithm = try cursor.atom().uppercased()
        try cursor.expectSpace()
        let charset = try cursor.astring()
        try cursor.expectSpace()
        return ThreadCommand(isUID: isUID, algorithm: algorithm, charset: charset, keys: try searchProgram(&cursor))
    }

    static func searchKey(_ cursor: inout ParseCursor, count: inout Int) throws(ParserError) -> SearchKey {
        count += 1
        guard count <= cursor.limits.maxSearchKeys else {
            throw cursor.error(.tooManyItems, "more than \(cursor.limits.maxSearchKeys) search keys")
        }
        guard let first = cursor.peek() else { throw cursor.expected("a search key") }
        if first == UInt8(ascii: "(") {
            cursor.advance()
            return try cursor.nested { (cursor: inout ParseCursor) throws(ParserError) -> SearchKey in
                var keys = [try searchKey(&cursor, count: &count)]
                while cursor.consume(UInt8(ascii: " ")) {
                    keys.append(try searchKey(&cursor, count: &count))
                }
                try cursor.expect(UInt8(ascii: ")"), ") closing a search key group")
                return .and(keys)
            }
        }
        if IMAPCharacterClass.isDigit(first) || first == UInt8(ascii: "*") || first == UInt8(ascii: "$") {
            return .sequenceSet(try cursor.sequenceSet())
        }
        let name = try keyword(&cursor, "a search key")
        switch name {
        case "ALL": return .all
        case "ANSWERED": return .answered
        case "DELETED": return .deleted
        case "DRAFT": return .draft
        case "FLAGGED": return .flagged
        case "SEEN": return .seen
        case "UNANSWERED": return .unanswered
        case "UNDELETED": return .undeleted
        case "UNDRAFT": return .undraft
        case "UNFLAGGED": return .unflagged
        case "UNSEEN": return .unseen
        case "NEW": return .new
        case "OLD": return .old
        case "RECENT": return .recent
        case "KEYWORD": return .keyword(try spaceFlag(&cursor))
        case "UNKEYWORD": return .unkeyword(try spaceFlag(&cursor))
        case "BCC": return .bcc(try spaceAString(&cursor))
        case "BODY": return .body(try spaceAString(&cursor))
        case "CC": return .cc(try spaceAString(&cursor))
        case "FROM": return .from(try spaceAString(&cursor))
        case "SUBJECT": return .subject(try spaceAString(&cursor))
        case "TEXT": return .text(try spaceAString(&cursor))
        case "TO": return .to(try spaceAString(&cursor))
        case "HEADER":
            let field = try spaceAString(&cursor)
            return .header(field: field, value: try spaceAString(&cursor))
        case "BEFORE": return .before(try spaceDate(&cursor))
        case "ON": return .on(try spaceDate(&cursor))
        case "SINCE": return .since(try spaceDate(&cursor))
        case "SENTBEFORE": return .sentBefore(try spaceDate(&cursor))
        case "SENTON": return .sentOn(try spaceDate(&cursor))
        case "SENTSINCE": return .sentSince(try spaceDate(&cursor))
        case "LARGER":
            try cursor.expectSpace()
            return .larger(try cursor.number64())
        case "SMALLER":
            try cursor.expectSpace()
            return .smaller(try cursor.number64())
        case "UID":
            try cursor.expectSpace()
            return .uid(try cursor.sequenceSet())
        case "NOT":
            try cursor.expectSpace()
            return .not(
                try cursor.nested { (cursor: inout ParseCursor) throws(ParserError) in
                    try searchKey(&cursor, count: &count)
                })
        case "OR":
            try cursor.expectSpace()
            return try cursor.nested { (cursor: inout ParseCursor) throws(ParserError) -> SearchKey in
                let first = try searchKey(&cursor, count: &count)
                try cursor.expectSpace()
                return .or(first, try searchKey(&cursor, count: &count))
            }
        case "MODSEQ":
            return try modSeqKey(&cursor)
        default:
            throw cursor.error(.malformed, "unknown search key \(name.prefix(32))")
        }
    }

    /// `"MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer` (RFC 7162)
    static func modSeqKey(_ cursor: inout ParseCursor) throws(ParserError) -> SearchKey {
        try cursor.expectSpace()
        var entry: SearchModSeqEntry?
        if cursor.peek() == UInt8(ascii: "\"") {
            let name = try cursor.quoted()
            let prefix = Array("/flags/".utf8)
            guard name.count > prefix.count, name.prefix(prefix.count).map({ $0 | 0x20 }) == prefix else {
                throw cursor.error(.malformed, "MODSEQ entry name must be \"/flags/<flag>\"")
            }
            let flag = Flag(String(decoding: name.dropFirst(prefix.count), as: UTF8.self))
            try cursor.expectSpace()
            let typeName = try cursor.atom().lowercased()
            guard let type = SearchModSeqEntry.EntryType(rawValue: typeName) else {
                throw cursor.error(.malformed, "MODSEQ entry type must be priv, shared or all")
            }
            entry = SearchModSeqEntry(flag: flag, type: type)
            try cursor.expectSpace()
        }
        return .modSeq(ModSeq(try cursor.number64()), entry: entry)
    }

    static func spaceAString(_ cursor: inout ParseCursor) throws(ParserError) -> ByteString {
        try cursor.expectSpace()
        return try cursor.astring()
    }

    static func spaceDate(_ cursor: inout ParseCursor) throws(ParserError) -> IMAPDate {
        try cursor.expectSpace()
        return try cursor.date()
    }

    static func spaceFlag(_ cursor: inout ParseCursor) throws(ParserError) -> Flag {
        try cursor.expectSpace()
        return try cursor.flag()
    }
}
