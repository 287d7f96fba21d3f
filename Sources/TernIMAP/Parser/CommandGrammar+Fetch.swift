/// FETCH and STORE arguments.
extension CommandGrammar {
    static func isKeywordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A keyword such as `BODY.PEEK` or `HEADER.FIELDS`, uppercased; stops at `[`, `<`, space, `)`.
    static func keyword(_ cursor: inout ParseCursor, _ what: String) throws(ParserError) -> String {
        let bytes = cursor.read(while: isKeywordByte)
        guard !bytes.isEmpty else { throw cursor.expected(what) }
        return String(decoding: bytes, as: UTF8.self).uppercased()
    }

    /// `SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
    /// [SP "(" fetch-modifier *(SP fetch-modifier) ")"]`
    static func fetch(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> FetchCommand {
        try cursor.expectSpace()
        let set = try cursor.sequenceSet()
        try cursor.expectSpace()
        let items: FetchItems
        if cursor.peek() == UInt8(ascii: "(") {
            items = .list(
                try cursor.parenthesizedList("fetch attributes") { (cursor: inout ParseCursor) throws(ParserError) in
                    try fetchAttribute(&cursor)
                })
        } else if cursor.consumeKeyword("ALL") {
            items = .all
        } else if cursor.consumeKeyword("FAST") {
            items = .fast
        } else if cursor.consumeKeyword("FULL") {
            items = .full
        } else {
            items = .single(try fetchAttribute(&cursor))
        }
        var modifiers: [FetchModifier] = []
        if cursor.consume(UInt8(ascii: " ")) {
            modifiers = try cursor.parenthesizedList("fetch modifiers") {
                (cursor: inout ParseCursor) throws(ParserError) -> FetchModifier in
                if cursor.consumeKeyword("VANISHED") { return .vanished }
                guard cursor.consumeKeyword("CHANGEDSINCE") else {
                    throw cursor.error(.malformed, "unknown FETCH modifier (CHANGEDSINCE and VANISHED are supported)")
                }
                try cursor.expectSpace()
                return .changedSince(ModSeq(try cursor.number64()))
            }
        }
        return FetchCommand(isUID: isUID, set: set, items: items, modifiers: modifiers)
    }

    static func fetchAttribute(_ cursor: inout ParseCursor) throws(ParserError) -> FetchAttribute {
        let name = try keyword(&cursor, "a fetch attribute")
        switch name {
        case "ENVELOPE": return .envelope
        case "FLAGS": return .flags
        case "INTERNALDATE": return .internalDate
        case "RFC822": return .rfc822
        case "RFC822.HEADER": return .rfc822Header
        case "RFC822.SIZE": return .rfc822Size
        case "RFC822.TEXT": return .rfc822Text
        case "BODYSTRUCTURE": return .bodyStructure
        case "UID": return .uid
        case "MODSEQ": return .modSeq
        case "BODY":
            guard cursor.peek() == UInt8(ascii: "[") else { return .body }
            let section = try section(&cursor)
            return .bodySection(section, partial: try optionalPartial(&cursor), peek: false)
        case "BODY.PEEK":
            let section = try section(&cursor)
            return .bodySection(section, partial: try optionalPartial(&cursor), peek: true)
        case "BINARY", "BINARY.PEEK":
            let part = try sectionBinary(&cursor)
            return .binary(part: part, partial: try optionalPartial(&cursor), peek: name == "BINARY.PEEK")
        case "BINARY.SIZE":
            return .binarySize(part: try sectionBinary(&cursor))
        default:
            throw cursor.error(.malformed, "unknown fetch attribute \(name.prefix(32))")
        }
    }

    /// `"[" [section-spec] "]"`
    static func section(_ cursor: inout ParseCursor) throws(ParserError) -> SectionSpecifier {
        try cursor.expect(UInt8(ascii: "["), "[ opening a section")
        if cursor.consume(UInt8(ascii: "]")) { return .complete }
        var part: [UInt32] = []
        var kind = SectionSpecifier.Kind.complete
        if let first = cursor.peek(), IMAPCharacterClass.isDigit(first) {
            part = try sectionPart(&cursor)
            if cursor.consume(UInt8(ascii: ".")) {
                kind = try sectionText(&cursor, allowMIME: true)
            }
        } else {
            kind = try sectionText(&cursor, allowMIME: false)
        }
        try cursor.expect(UInt8(ascii: "]"), "] closing the section")
        return SectionSpecifier(part: part, kind: kind)
    }

    /// `nz-number *("." nz-number)`, stopping before a `.` that starts section text.
    static func sectionPart(_ cursor: inout ParseCursor) throws(ParserError) -> [UInt32] {
        var part = [try cursor.nzNumber()]
        while cursor.peek() == UInt8(ascii: "."), let next = cursor.peek(1), IMAPCharacterClass.isDigit(next) {
            guard part.count < cursor.limits.maxListItems else {
                throw cursor.error(.tooManyItems, "section part path too long")
            }
            cursor.advance()
            part.append(try cursor.nzNumber())
        }
        return part
    }

    static func sectionText(_ cursor: inout ParseCursor, allowMIME: Bool) throws(ParserError) -> SectionSpecifier.Kind {
        let name = try keyword(&cursor, "HEADER, TEXT or MIME")
        switch name {
        case "HEADER": return .header
        case "TEXT": return .text
        case "MIME" where allowMIME: return .mime
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
            try cursor.expectSpace()
            let names = try cursor.parenthesizedList("header field names") {
                (cursor: inout ParseCursor) throws(ParserError) in try cursor.astring()
            }
            return name == "HEADER.FIELDS" ? .headerFields(names) : .headerFieldsNot(names)
        default:
            throw cursor.error(.malformed, "unknown section text \(name.prefix(32))")
        }
    }

    /// `"[" [section-part] "]"` of BINARY.
    static func sectionBinary(_ cursor: inout ParseCursor) throws(ParserError) -> [UInt32] {
        try cursor.expect(UInt8(ascii: "["), "[ opening a binary section")
        if cursor.consume(UInt8(ascii: "]")) { return [] }
        let part = try sectionPart(&cursor)
        try cursor.expect(UInt8(ascii: "]"), "] closing the binary section")
        return part
    }

    /// `"<" number64 "." nz-number64 ">"`
    static func optionalPartial(_ cursor: inout ParseCursor) throws(ParserError) -> Partial? {
        guard cursor.consume(UInt8(ascii: "<")) else { return nil }
        let origin = try cursor.number64()
        try cursor.expect(UInt8(ascii: "."), ". in a partial")
        let length = try cursor.nzNumber64()
        try cursor.expect(UInt8(ascii: ">"), "> closing a partial")
        return Partial(origin: origin, length: length)
    }

    /// `SP sequence-set [SP "(" "UNCHANGEDSINCE" SP n ")"] SP ["+"/"-"] "FLAGS" [".SILENT"] SP flags`
    static func store(_ cursor: inout ParseCursor, isUID: Bool) throws(ParserError) -> StoreCommand {
        try cursor.expectSpace()
        let set = try cursor.sequenceSet()
        try cursor.expectSpace()
        var unchangedSince: ModSeq?
        if cursor.peek() == UInt8(ascii: "(") {
            let modifiers = try cursor.parenthesizedList("STORE modifiers") {
                (cursor: inout ParseCursor) throws(ParserError) -> ModSeq in
                guard cursor.consumeKeyword("UNCHANGEDSINCE") else {
                    throw cursor.error(.malformed, "unknown STORE modifier (UNCHANGEDSINCE is supported)")
                }
                try cursor.expectSpace()
                return ModSeq(try cursor.number64())
            }
            guard modifiers.count == 1 else { throw cursor.error(.malformed, "UNCHANGEDSINCE given twice") }
            unchangedSince = modifiers[0]
            try cursor.expectSpace()
        }
        let operation: StoreCommand.Operation
        if cursor.consume(UInt8(ascii: "+")) {
            operation = .add
        } else if cursor.consume(UInt8(ascii: "-")) {
            operation = .remove
        } else {
            operation = .replace
        }
        let name = try keyword(&cursor, "FLAGS or FLAGS.SILENT")
        guard name == "FLAGS" || name == "FLAGS.SILENT" else {
            throw cursor.error(.malformed, "expected FLAGS or FLAGS.SILENT")
        }
        try cursor.expectSpace()
        let flags: [Flag]
        let parenthesized = cursor.peek() == UInt8(ascii: "(")
        if parenthesized {
            flags = try cursor.flagList()
        } else {
            let anyByte: (UInt8) -> Bool = { _ in true }
            flags = try cursor.spaceSeparated("flags", isItemStart: anyByte) {
                (cursor: inout ParseCursor) throws(ParserError) in try cursor.flag()
            }
        }
        return StoreCommand(
            isUID: isUID, set: set, unchangedSince: unchangedSince, operation: operation,
            silent: name == "FLAGS.SILENT", flags: flags, parenthesized: parenthesized)
    }
}
