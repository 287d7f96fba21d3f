/// FETCH response items (`msg-att`), sections and INTERNALDATE.
extension ResponseReader {
    mutating func readMessageAttributes() throws(ParserError) -> [MessageAttribute] {
        try readList { (reader: inout ResponseReader) throws(ParserError) in try reader.readMessageAttribute() }
    }

    mutating func readMessageAttribute() throws(ParserError) -> MessageAttribute {
        let name = ResponseReader.uppercased(try readWhile("a FETCH item") {
            IMAPCharacterClass.isAtomByte($0) && $0 != UInt8(ascii: "[")
        })
        switch name {
        case "FLAGS":
            try expectSpace()
            return .flags(try readFlagList())
        case "UID":
            try expectSpace()
            return .uid(UID(try readNonZeroNumber()))
        case "INTERNALDATE":
            try expectSpace()
            return .internalDate(try readInternalDate())
        case "RFC822.SIZE":
            try expectSpace()
            return .rfc822Size(try readNumber64())
        case "MODSEQ":
            try expectSpace()
            try expect(UInt8(ascii: "("))
            let modSeq = ModSeq(try readNumber64())
            try expect(UInt8(ascii: ")"))
            return .modSeq(modSeq)
        case "ENVELOPE":
            try expectSpace()
            return .envelope(try readEnvelope())
        case "BODYSTRUCTURE":
            try expectSpace()
            return .bodyStructure(try readBody(), extensible: true)
        case "BODY":
            if peek() == UInt8(ascii: "[") {
                let section = try readSection()
                let origin = try readOrigin()
                try expectSpace()
                return .bodySection(section, origin: origin, data: try readNString())
            }
            try expectSpace()
            return .bodyStructure(try readBody(), extensible: false)
        case "BINARY":
            let part = try readBinarySection()
            let origin = try readOrigin()
            try expectSpace()
            if consumeKeyword("NIL") { return .binary(part: part, origin: origin, data: nil) }
            return .binary(part: part, origin: origin, data: try readString(allowLiteral8: true))
        case "BINARY.SIZE":
            let part = try readBinarySection()
            try expectSpace()
            return .binarySize(part: part, size: try readNumber64())
        case "RFC822":
            try expectSpace()
            return .rfc822(try readNString())
        case "RFC822.HEADER":
            try expectSpace()
            return .rfc822Header(try readNString())
        case "RFC822.TEXT":
            try expectSpace()
            return .rfc822Text(try readNString())
        default:
            throw error("unknown FETCH item \(name)")
        }
    }

    mutating func readOrigin() throws(ParserError) -> UInt64? {
        guard consume(UInt8(ascii: "<")) else { return nil }
        let origin = try readNumber64()
        try expect(UInt8(ascii: ">"))
        return origin
    }

    /// `section = "[" [section-spec] "]"`.
    mutating func readSection() throws(ParserError) -> SectionSpecifier {
        try expect(UInt8(ascii: "["))
        var section = SectionSpecifier()
        if consume(UInt8(ascii: "]")) { return section }
        if let first = peek(), IMAPCharacterClass.isDigit(first) {
            section.part = try readSectionPart()
            if consume(UInt8(ascii: "]")) { return section }
            try expect(UInt8(ascii: "."))
        }
        if consumeKeyword("HEADER.FIELDS.NOT") {
            try expectSpace()
            section.kind = .headerFieldsNot(try readHeaderList())
        } else if consumeKeyword("HEADER.FIELDS") {
            try expectSpace()
            section.kind = .headerFields(try readHeaderList())
        } else if consumeKeyword("HEADER") {
            section.kind = .header
        } else if consumeKeyword("TEXT") {
            section.kind = .text
        } else if !section.part.isEmpty, consumeKeyword("MIME") {
            section.kind = .mime
        } else {
            throw error("unknown section text")
        }
        try expect(UInt8(ascii: "]"))
        return section
    }

    private mutating func readHeaderList() throws(ParserError) -> [ByteString] {
        try readAStringList()
    }

    /// `nz-number *("." nz-number)`.
    private mutating func readSectionPart() throws(ParserError) -> [UInt32] {
        var part = [try readNonZeroNumber()]
        while peek() == UInt8(ascii: "."), let next = peek(offset: 1), IMAPCharacterClass.isDigit(next) {
            index += 1
            guard part.count < limits.maxNestingDepth else {
                throw ParserError(.nestingTooDeep, "section part too deep", offset: index)
            }
            part.append(try readNonZeroNumber())
        }
        return part
    }

    /// `section-binary = "[" [section-part] "]"`.
    mutating func readBinarySection() throws(ParserError) -> [UInt32] {
        try expect(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) { return [] }
        let part = try readSectionPart()
        try expect(UInt8(ascii: "]"))
        return part
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`.
    mutating func readInternalDate() throws(ParserError) -> InternalDate {
        let quoted = try readQuoted().bytes
        // "dd-Mon-yyyy hh:mm:ss +zzzz" with the day possibly " d".
        guard quoted.count == 26 else { throw error("malformed date-time") }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in quoted[range] {
                guard IMAPCharacterClass.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let dayRange = quoted[0] == UInt8(ascii: " ") ? 1..<2 : 0..<2
        guard let day = digits(dayRange), quoted[2] == UInt8(ascii: "-"), quoted[6] == UInt8(ascii: "-"),
            let month = IMAPDate.month(named: quoted[3..<6]), let year = digits(7..<11),
            quoted[11] == UInt8(ascii: " "), let hour = digits(12..<14), quoted[14] == UInt8(ascii: ":"),
            let minute = digits(15..<17), quoted[17] == UInt8(ascii: ":"), let second = digits(18..<20),
            quoted[20] == UInt8(ascii: " "), quoted[21] == UInt8(ascii: "+") || quoted[21] == UInt8(ascii: "-"),
            let zoneHours = digits(22..<24), let zoneMinutes = digits(24..<26),
            let date = IMAPDate(year: year, month: month, day: day),
            let internalDate = InternalDate(
                date: date, hour: hour, minute: minute, second: second,
                zoneMinutes: (quoted[21] == UInt8(ascii: "-") ? -1 : 1) * (zoneHours * 60 + zoneMinutes))
        else { throw error("malformed date-time") }
        return internalDate
    }
}
