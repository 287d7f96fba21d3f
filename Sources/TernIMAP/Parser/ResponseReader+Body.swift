/// ENVELOPE and BODY / BODYSTRUCTURE values.
extension ResponseReader {
    mutating func readEnvelope() throws(ParserError) -> Envelope {
        try expect(UInt8(ascii: "("))
        try enter()
        defer { leave() }
        var envelope = Envelope()
        envelope.date = try readNString()
        try expectSpace()
        envelope.subject = try readNString()
        try expectSpace()
        envelope.from = try readAddresses()
        try expectSpace()
        envelope.sender = try readAddresses()
        try expectSpace()
        envelope.replyTo = try readAddresses()
        try expectSpace()
        envelope.to = try readAddresses()
        try expectSpace()
        envelope.cc = try readAddresses()
        try expectSpace()
        envelope.bcc = try readAddresses()
        try expectSpace()
        envelope.inReplyTo = try readNString()
        try expectSpace()
        envelope.messageID = try readNString()
        try expect(UInt8(ascii: ")"))
        return envelope
    }

    /// `"(" 1*address ")" / nil`.
    private mutating func readAddresses() throws(ParserError) -> [Address]? {
        if consumeKeyword("NIL") { return nil }
        try expect(UInt8(ascii: "("))
        var addresses: [Address] = []
        repeat {
            guard addresses.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many addresses", offset: index)
            }
            try expect(UInt8(ascii: "("))
            let name = try readNString()
            try expectSpace()
            let adl = try readNString()
            try expectSpace()
            let mailbox = try readNString()
            try expectSpace()
            let host = try readNString()
            try expect(UInt8(ascii: ")"))
            addresses.append(Address(name: name, adl: adl, mailbox: mailbox, host: host))
        } while peek() == UInt8(ascii: "(")
        try expect(UInt8(ascii: ")"))
        return addresses
    }

    /// `body = "(" (body-type-1part / body-type-mpart) ")"`.
    mutating func readBody() throws(ParserError) -> BodyStructure {
        try expect(UInt8(ascii: "("))
        try enter()
        defer { leave() }
        let body: BodyStructure
        if peek() == UInt8(ascii: "(") {
            var parts: [BodyStructure] = []
            while peek() == UInt8(ascii: "(") {
                guard parts.count < limits.maxListItems else {
                    throw ParserError(.tooManyItems, "too many body parts", offset: index)
                }
                parts.append(try readBody())
            }
            try expectSpace()
            var multipart = MultipartBody(parts: parts, subtype: try readString())
            if consume(UInt8(ascii: " ")) {
                multipart.extensionData = try readBodyExtension(first: .parameters(try readBodyParameters()))
            }
            body = .multipart(multipart)
        } else {
            body = .singlepart(try readSinglePart())
        }
        try expect(UInt8(ascii: ")"))
        return body
    }

    private mutating func readSinglePart() throws(ParserError) -> SinglePartBody {
        let type = try readString()
        try expectSpace()
        let subtype = try readString()
        try expectSpace()
        let parameters = try readBodyParameters()
        try expectSpace()
        let id = try readNString()
        try expectSpace()
        let description = try readNString()
        try expectSpace()
        let encoding = try readString()
        try expectSpace()
        let octets = try readNumber64()
        let fields = BodyFields(
            parameters: parameters, id: id, description: description, encoding: encoding, octets: octets)
        let upperType = ResponseReader.uppercased(type.bytes)
        let upperSubtype = ResponseReader.uppercased(subtype.bytes)
        let kind: SinglePartBody.Kind
        if upperType == "TEXT" {
            try expectSpace()
            kind = .text(lines: try readNumber64())
        } else if upperType == "MESSAGE", upperSubtype == "RFC822" || upperSubtype == "GLOBAL" {
            try expectSpace()
            let envelope = try readEnvelope()
            try expectSpace()
            let inner = try readBody()
            try expectSpace()
            kind = .message(envelope, inner, lines: try readNumber64())
        } else {
            kind = .basic
        }
        var part = SinglePartBody(type: type, subtype: subtype, fields: fields, kind: kind)
        if consume(UInt8(ascii: " ")) {
            part.extensionData = try readBodyExtension(first: .md5(try readNString()))
        }
        return part
    }

    /// The fields after the first extension field: `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
    /// *(SP body-extension)]]]`.
    private mutating func readBodyExtension(first: BodyExtension.First) throws(ParserError) -> BodyExtension {
        var bodyExtension = BodyExtension(first: first, fieldCount: 1)
        guard consume(UInt8(ascii: " ")) else { return bodyExtension }
        if !consumeKeyword("NIL") {
            try expect(UInt8(ascii: "("))
            let kind = try readString()
            try expectSpace()
            bodyExtension.disposition = BodyDisposition(kind: kind, parameters: try readBodyParameters())
            try expect(UInt8(ascii: ")"))
        }
        bodyExtension.fieldCount = 2
        guard consume(UInt8(ascii: " ")) else { return bodyExtension }
        if consumeKeyword("NIL") {
            bodyExtension.language = .none
        } else if peek() == UInt8(ascii: "(") {
            bodyExtension.language = .list(try readStringList())
        } else {
            bodyExtension.language = .single(try readString())
        }
        bodyExtension.fieldCount = 3
        guard consume(UInt8(ascii: " ")) else { return bodyExtension }
        bodyExtension.location = try readNString()
        bodyExtension.fieldCount = 4
        while consume(UInt8(ascii: " ")) {
            guard bodyExtension.extra.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "too many body extensions", offset: index)
            }
            bodyExtension.extra.append(try readExtensionValue())
        }
        return bodyExtension
    }

    /// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`.
    private mutating func readBodyParameters() throws(ParserError) -> [BodyParameter]? {
        if consumeKeyword("NIL") { return nil }
        return try readList { (reader: inout ResponseReader) throws(ParserError) in
            let name = try reader.readString()
            try reader.expectSpace()
            return BodyParameter(name: name, value: try reader.readString())
        }
    }
}
