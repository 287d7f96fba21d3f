/// SELECT / EXAMINE / CREATE / LIST / STATUS arguments.
extension CommandGrammar {
    /// `SP mailbox [SP "(" select-param *(SP select-param) ")"]` (RFC 7162).
    static func select(_ cursor: inout ParseCursor) throws(ParserError) -> (MailboxName, [SelectParameter]) {
        let mailbox = try spaceMailbox(&cursor)
        guard cursor.consume(UInt8(ascii: " ")) else { return (mailbox, []) }
        let parameters = try cursor.parenthesizedList("SELECT parameters") {
            (cursor: inout ParseCursor) throws(ParserError) -> SelectParameter in
            if cursor.consumeKeyword("CONDSTORE") { return .condStore }
            guard cursor.consumeKeyword("QRESYNC") else {
                throw cursor.error(.malformed, "unknown SELECT parameter (CONDSTORE and QRESYNC are supported)")
            }
            try cursor.expectSpace()
            return .qresync(try qresync(&cursor))
        }
        return (mailbox, parameters)
    }

    /// `"(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"`
    static func qresync(_ cursor: inout ParseCursor) throws(ParserError) -> QResyncParameter {
        try cursor.expect(UInt8(ascii: "("), "( opening QRESYNC parameters")
        return try cursor.nested { (cursor: inout ParseCursor) throws(ParserError) -> QResyncParameter in
            let uidValidity = try cursor.nzNumber()
            try cursor.expectSpace()
            let modSeq = ModSeq(try cursor.number64())
            var parameter = QResyncParameter(uidValidity: uidValidity, modSeq: modSeq)
            if cursor.consume(UInt8(ascii: " ")) {
                if cursor.peek() != UInt8(ascii: "(") {
                    parameter.knownUIDs = try cursor.sequenceSet()
                    if cursor.consume(UInt8(ascii: " ")) {
                        parameter.sequenceMatch = try sequenceMatch(&cursor)
                    }
                } else {
                    parameter.sequenceMatch = try sequenceMatch(&cursor)
                }
            }
            try cursor.expect(UInt8(ascii: ")"), ") closing QRESYNC parameters")
            return parameter
        }
    }

    static func sequenceMatch(_ cursor: inout ParseCursor) throws(ParserError) -> SequenceMatchData {
        try cursor.expect(UInt8(ascii: "("), "( opening sequence match data")
        return try cursor.nested { (cursor: inout ParseCursor) throws(ParserError) -> SequenceMatchData in
            let sequences = try cursor.sequenceSet()
            try cursor.expectSpace()
            let uids = try cursor.sequenceSet()
            try cursor.expect(UInt8(ascii: ")"), ") closing sequence match data")
            return SequenceMatchData(sequences: sequences, uids: uids)
        }
    }

    /// `SP mailbox [SP "(" "USE" SP "(" use-attr... ")" ")"]` (RFC 6154).
    static func create(_ cursor: inout ParseCursor) throws(ParserError) -> Command {
        let mailbox = try spaceMailbox(&cursor)
        guard cursor.consume(UInt8(ascii: " ")) else { return .create(mailbox, parameters: []) }
        let parameters = try cursor.parenthesizedList("CREATE parameters") {
            (cursor: inout ParseCursor) throws(ParserError) -> CreateParameter in
            guard cursor.consumeKeyword("USE") else {
                throw cursor.error(.malformed, "unknown CREATE parameter (USE is supported)")
            }
            try cursor.expectSpace()
            return .use(try cursor.flagList())
        }
        return .create(mailbox, parameters: parameters)
    }

    /// `"LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]` (RFC 5258).
    static func list(_ cursor: inout ParseCursor) throws(ParserError) -> ListCommand {
        try cursor.expectSpace()
        var selectOptions: [ListSelectOption]?
        if cursor.peek() == UInt8(ascii: "(") {
            selectOptions = try cursor.parenthesizedList(allowEmpty: true, "LIST selection options") {
                (cursor: inout ParseCursor) throws(ParserError) -> ListSelectOption in
                let name = try cursor.atom().uppercased()
                guard let option = ListSelectOption(rawValue: name) else {
                    throw cursor.error(.malformed, "unknown LIST selection option \(name.prefix(32))")
                }
                return option
            }
            try cursor.expectSpace()
        }
        let reference = try cursor.mailbox()
        try cursor.expectSpace()
        let patterns: MailboxPatterns
        if cursor.peek() == UInt8(ascii: "(") {
            patterns = .multiple(
                try cursor.parenthesizedList("LIST patterns") { (cursor: inout ParseCursor) throws(ParserError) in
                    try cursor.listMailbox()
                })
        } else {
            patterns = .single(try cursor.listMailbox())
        }
        var returnOptions: [ListReturnOption]?
        if cursor.peek() == UInt8(ascii: " ") {
            cursor.advance()
            try cursor.expectKeyword("RETURN")
            try cursor.expectSpace()
            returnOptions = try cursor.parenthesizedList(allowEmpty: true, "LIST return options") {
                (cursor: inout ParseCursor) throws(ParserError) -> ListReturnOption in
                let name = try cursor.atom().uppercased()
                switch name {
                case "SUBSCRIBED": return .subscribed
                case "CHILDREN": return .children
                case "SPECIAL-USE": return .specialUse
                case "STATUS":
                    try cursor.expectSpace()
                    return .status(try statusAttributes(&cursor))
                default:
                    throw cursor.error(.malformed, "unknown LIST return option \(name.prefix(32))")
                }
            }
        }
        if let selectOptions, selectOptions.contains(.recursiveMatch),
            selectOptions.allSatisfy({ $0 == .recursiveMatch || $0 == .remote })
        {
            throw cursor.error(.malformed, "RECURSIVEMATCH needs another selection option such as SUBSCRIBED")
        }
        return ListCommand(
            selectOptions: selectOptions, reference: reference, patterns: patterns, returnOptions: returnOptions)
    }

    /// `"(" status-att *(SP status-att) ")"`
    static func statusAttributes(_ cursor: inout ParseCursor) throws(ParserError) -> [StatusAttribute] {
        try cursor.parenthesizedList("status attributes") {
            (cursor: inout ParseCursor) throws(ParserError) -> StatusAttribute in
            let name = try cursor.atomBytes()
            guard let attribute = StatusAttribute(name: name) else {
                throw cursor.error(.malformed, "unknown status attribute \(String(decoding: name.prefix(32), as: UTF8.self))")
            }
            return attribute
        }
    }
}
