/// Untagged data: everything after `* `.
extension ResponseReader {
    mutating func readUntagged() throws(ParserError) -> UntaggedResponse {
        if let first = peek(), IMAPCharacterClass.isDigit(first) {
            return try readNumbered()
        }
        let nameStart = index
        let name = ResponseReader.uppercased(try readWhile("a response name", IMAPCharacterClass.isAtomByte))
        switch name {
        case "OK", "NO", "BAD":
            index = nameStart
            let kind = try readStatusKind()
            return .status(kind, try readStatusText())
        case "PREAUTH":
            return .preauth(try readStatusText())
        case "BYE":
            return .bye(try readStatusText())
        case "CAPABILITY":
            return .capability(try readCapabilities())
        case "ENABLED":
            return .enabled(try readCapabilities())
        case "FLAGS":
            try expectSpace()
            return .flags(try readFlagList())
        case "LIST":
            try expectSpace()
            return .list(try readMailboxListItem())
        case "LSUB":
            try expectSpace()
            return .lsub(try readMailboxListItem())
        case "STATUS":
            try expectSpace()
            let mailbox = try readMailbox()
            try expectSpace()
            return .mailboxStatus(mailbox, try readList { (reader: inout ResponseReader) throws(ParserError) in
                let nameBytes = try reader.readWhile("a status attribute", IMAPCharacterClass.isAtomByte)
                guard let attribute = StatusAttribute(name: nameBytes) else {
                    throw reader.error("unknown status attribute")
                }
                try reader.expectSpace()
                return StatusValue(attribute, try reader.readNumber64())
            })
        case "SEARCH":
            let (numbers, modSeq) = try readNumbersWithModSeq()
            return .search(numbers, modSeq: modSeq)
        case "SORT":
            let (numbers, modSeq) = try readNumbersWithModSeq()
            return .sort(numbers, modSeq: modSeq)
        case "ESEARCH":
            return .esearch(try readESearch())
        case "THREAD":
            var threads: [ThreadList] = []
            if consume(UInt8(ascii: " ")) {
                while peek() == UInt8(ascii: "(") {
                    guard threads.count < limits.maxListItems else {
                        throw ParserError(.tooManyItems, "too many threads", offset: index)
                    }
                    threads.append(try readThreadList())
                }
            }
            return .thread(threads)
        case "VANISHED":
            try expectSpace()
            let earlier = consumeKeyword("(EARLIER)")
            if earlier { try expectSpace() }
            return .vanished(earlier: earlier, try readUIDSet())
        case "ID":
            try expectSpace()
            if consumeKeyword("NIL") { return .id(nil) }
            var parameters: [IDParameter] = []
            try expect(UInt8(ascii: "("))
            repeat {
                guard parameters.count < limits.maxListItems else {
                    throw ParserError(.tooManyItems, "too many ID fields", offset: index)
                }
                let key = try readString()
                try expectSpace()
                parameters.append(IDParameter(key: key, value: try readNString()))
            } while consume(UInt8(ascii: " "))
            try expect(UInt8(ascii: ")"))
            return .id(parameters)
        case "NAMESPACE":
            try expectSpace()
            let personal = try readNamespaces()
            try expectSpace()
            let other = try readNamespaces()
            try expectSpace()
            return .namespace(NamespaceResponse(personal: personal, otherUsers: other, shared: try readNamespaces()))
        case "QUOTA":
            try expectSpace()
            let root = try readAString()
            try expectSpace()
            return .quota(root: root, try readList { (reader: inout ResponseReader) throws(ParserError) in
                let name = try reader.readAtom()
                try reader.expectSpace()
                let usage = try reader.readNumber64()
                try reader.expectSpace()
                return QuotaResource(name: name, usage: usage, limit: try reader.readNumber64())
            })
        case "QUOTAROOT":
            try expectSpace()
            let mailbox = try readMailbox()
            var roots: [ByteString] = []
            while consume(UInt8(ascii: " ")) {
                guard roots.count < limits.maxListItems else {
                    throw ParserError(.tooManyItems, "too many quota roots", offset: index)
                }
                roots.append(try readAString())
            }
            return .quotaRoot(mailbox, roots: roots)
        case "EXISTS", "RECENT", "EXPUNGE", "FETCH":
            throw error("\(name) follows a number: \"* n \(name)\"")
        default:
            let rawName = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            _ = consume(UInt8(ascii: " "))
            return .other(name: rawName, text: readTextToLineEnd())
        }
    }

    /// `n EXISTS`, `n RECENT`, `n EXPUNGE`, `n FETCH (...)`.
    private mutating func readNumbered() throws(ParserError) -> UntaggedResponse {
        let number = try readNumber()
        try expectSpace()
        if consumeKeyword("EXISTS") { return .exists(number) }
        if consumeKeyword("RECENT") { return .recent(number) }
        guard number > 0 else { throw error("message sequence numbers start at 1") }
        if consumeKeyword("EXPUNGE") { return .expunge(SequenceNumber(number)) }
        if consumeKeyword("FETCH") {
            try expectSpace()
            return .fetch(SequenceNumber(number), try readMessageAttributes())
        }
        throw error("expected EXISTS, RECENT, EXPUNGE or FETCH")
    }

    private mutating func readCapabilities() throws(ParserError) -> [Capability] {
        var capabilities: [Capability] = []
        while consume(UInt8(ascii: " ")) {
            guard capabilities.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many capabilities", offset: index)
            }
            capabilities.append(Capability(try readAtom()))
        }
        return capabilities
    }

    /// `*(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]`.
    private mutating func readNumbersWithModSeq() throws(ParserError) -> ([UInt32], ModSeq?) {
        var numbers: [UInt32] = []
        while consume(UInt8(ascii: " ")) {
            if consume(UInt8(ascii: "(")) {
                guard consumeKeyword("MODSEQ") else { throw error("expected MODSEQ") }
                try expectSpace()
                let modSeq = ModSeq(try readNumber64())
                try expect(UInt8(ascii: ")"))
                return (numbers, modSeq)
            }
            guard numbers.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "more than \(limits.maxListItems) numbers", offset: index)
            }
            numbers.append(try readNonZeroNumber())
        }
        return (numbers, nil)
    }

    private mutating func readMailboxListItem() throws(ParserError) -> MailboxListItem {
        let attributes = try readList { (reader: inout ResponseReader) throws(ParserError) in
            MailboxAttribute(try reader.readFlagToken())
        }
        try expectSpace()
        let delimiter = try readDelimiter()
        try expectSpace()
        let mailbox = try readMailbox()
        var extended: [ListExtendedItem] = []
        if consume(UInt8(ascii: " ")) {
            try expect(UInt8(ascii: "("))
            try enter()
            repeat {
                guard extended.count < limits.maxListItems else {
                    throw ParserError(.tooManyItems, "too many LIST extension items", offset: index)
                }
                let tag = try readAString()
                try expectSpace()
                switch ResponseReader.uppercased(tag.bytes) {
                case "CHILDINFO":
                    let options = try readAStringList()
                    extended.append(ListExtendedItem(tag: tag, value: .childInfo(options)))
                case "OLDNAME":
                    try expect(UInt8(ascii: "("))
                    extended.append(ListExtendedItem(tag: tag, value: .oldName(try readMailbox())))
                    try expect(UInt8(ascii: ")"))
                default:
                    extended.append(ListExtendedItem(tag: tag, value: .other(try readExtensionValue())))
                }
            } while consume(UInt8(ascii: " "))
            try expect(UInt8(ascii: ")"))
            leave()
        }
        return MailboxListItem(attributes: attributes, delimiter: delimiter, mailbox: mailbox, extended: extended)
    }

    private mutating func readESearch() throws(ParserError) -> ESearchResponse {
        var response = ESearchResponse(items: [])
        if peek() == UInt8(ascii: " "), peek(offset: 1) == UInt8(ascii: "(") {
            index += 2
            guard consumeKeyword("TAG") else { throw error("expected TAG") }
            try expectSpace()
            response.correlator = try readString()
            try expect(UInt8(ascii: ")"))
        }
        while consume(UInt8(ascii: " ")) {
            guard response.items.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many ESEARCH items", offset: index)
            }
            let name = try readAtom()
            let upper = ResponseReader.uppercased(name.utf8)
            if upper == "UID" && response.items.isEmpty && !response.uid {
                response.uid = true
                continue
            }
            try expectSpace()
            switch upper {
            case "MIN": response.items.append(.min(try readNonZeroNumber()))
            case "MAX": response.items.append(.max(try readNonZeroNumber()))
            case "COUNT": response.items.append(.count(try readNumber()))
            case "ALL": response.items.append(.all(try readSequenceSet()))
            case "MODSEQ": response.items.append(.modSeq(ModSeq(try readNumber64())))
            default: response.items.append(.other(name: name, value: try readExtensionValue()))
            }
        }
        return response
    }

    /// `thread-list = "(" (thread-members / thread-nested) ")"`.
    private mutating func readThreadList() throws(ParserError) -> ThreadList {
        try expect(UInt8(ascii: "("))
        try enter()
        defer { leave() }
        var thread = ThreadList(messages: [])
        while let byte = peek(), IMAPCharacterClass.isDigit(byte) {
            guard thread.messages.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many thread members", offset: index)
            }
            thread.messages.append(try readNonZeroNumber())
            if !consume(UInt8(ascii: " ")) { break }
        }
        while peek() == UInt8(ascii: "(") {
            guard thread.children.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many nested threads", offset: index)
            }
            thread.children.append(try readThreadList())
        }
        guard !thread.messages.isEmpty || thread.children.count >= 2 else {
            throw error("a thread list holds members or at least two nested threads")
        }
        try expect(UInt8(ascii: ")"))
        return thread
    }

    private mutating func readNamespaces() throws(ParserError) -> [NamespaceDescription]? {
        if consumeKeyword("NIL") { return nil }
        try expect(UInt8(ascii: "("))
        try enter()
        defer { leave() }
        var descriptions: [NamespaceDescription] = []
        repeat {
            guard descriptions.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many namespaces", offset: index)
            }
            try expect(UInt8(ascii: "("))
            let prefix = try readString()
            try expectSpace()
            var description = NamespaceDescription(prefix: prefix, delimiter: try readDelimiter())
            while consume(UInt8(ascii: " ")) {
                let name = try readString()
                try expectSpace()
                let values = try readStringList()
                description.extensions.append(NamespaceExtension(name: name, values: values))
            }
            try expect(UInt8(ascii: ")"))
            descriptions.append(description)
        } while peek() == UInt8(ascii: "(")
        try expect(UInt8(ascii: ")"))
        return descriptions
    }
}
