/// FETCH response items (`msg-att`), ENVELOPE and BODYSTRUCTURE.
extension EncodeBuffer {
    public mutating func writeMessageAttribute(_ attribute: MessageAttribute) {
        switch attribute {
        case .flags(let flags):
            writeStatic("FLAGS ")
            writeFlags(options.visibleFlags(flags))
        case .uid(let uid):
            writeStatic("UID ")
            writeNumber(uid.rawValue)
        case .internalDate(let date):
            writeStatic("INTERNALDATE ")
            writeInternalDate(date)
        case .rfc822Size(let size):
            writeStatic("RFC822.SIZE ")
            writeNumber(size)
        case .modSeq(let modSeq):
            writeStatic("MODSEQ (")
            writeNumber(modSeq.rawValue)
            writeStatic(")")
        case .envelope(let envelope):
            writeStatic("ENVELOPE ")
            writeEnvelope(envelope)
        case .bodyStructure(let body, let extensible):
            writeStatic(extensible ? "BODYSTRUCTURE " : "BODY ")
            writeBodyStructure(body, extensible: extensible)
        case .prerendered(let item, let rendered):
            switch item {
            case .envelope: writeStatic("ENVELOPE ")
            case .body: writeStatic("BODY ")
            case .bodyStructure: writeStatic("BODYSTRUCTURE ")
            }
            writeRaw(bytes: rendered)
        case .bodySection(let section, let origin, let data):
            writeStatic("BODY")
            writeSection(section)
            writeOrigin(origin)
            writeSpace()
            writeNString(data)
        case .binary(let part, let origin, let data):
            writeStatic("BINARY[")
            writeSectionPart(part)
            writeStatic("]")
            writeOrigin(origin)
            writeSpace()
            writeBinaryValue(data)
        case .binarySize(let part, let size):
            writeStatic("BINARY.SIZE[")
            writeSectionPart(part)
            writeStatic("] ")
            writeNumber(size)
        case .rfc822(let data):
            writeStatic("RFC822 ")
            writeNString(data)
        case .rfc822Header(let data):
            writeStatic("RFC822.HEADER ")
            writeNString(data)
        case .rfc822Text(let data):
            writeStatic("RFC822.TEXT ")
            writeNString(data)
        }
    }

    /// The item name and literal announcement of a streamed body: `BODY[1]<0> {N}\r\n`, `BINARY[1] ~{N}\r\n`.
    public mutating func writeStreamingAttributeHeader(_ attribute: StreamingAttribute, byteCount: Int) {
        var binary = false
        switch attribute {
        case .body(let section, let origin):
            writeStatic("BODY")
            writeSection(section)
            writeOrigin(origin)
        case .binary(let part, let origin):
            writeStatic("BINARY[")
            writeSectionPart(part)
            writeStatic("]")
            writeOrigin(origin)
            binary = true
        case .rfc822: writeStatic("RFC822")
        case .rfc822Header: writeStatic("RFC822.HEADER")
        case .rfc822Text: writeStatic("RFC822.TEXT")
        }
        writeSpace()
        writeLiteralHeader(byteCount: byteCount, binary: binary)
    }

    private mutating func writeOrigin(_ origin: UInt64?) {
        guard let origin else { return }
        bytes.writeInteger(UInt8(ascii: "<"))
        writeNumber(origin)
        bytes.writeInteger(UInt8(ascii: ">"))
    }

    /// BINARY data: NIL, or `literal8` when it contains NUL, else a string (RFC 3516 allows both).
    private mutating func writeBinaryValue(_ data: ByteString?) {
        guard let data else { return writeNil() }
        if data.bytes.contains(0) {
            writeLiteral8(data.bytes)
        } else {
            writeIMAPString(data)
        }
    }

    public mutating func writeEnvelope(_ envelope: Envelope) {
        bytes.writeInteger(UInt8(ascii: "("))
        writeNString(envelope.date)
        writeSpace()
        writeNString(envelope.subject)
        for addresses in [envelope.from, envelope.sender, envelope.replyTo, envelope.to, envelope.cc, envelope.bcc] {
            writeSpace()
            writeAddresses(addresses)
        }
        writeSpace()
        writeNString(envelope.inReplyTo)
        writeSpace()
        writeNString(envelope.messageID)
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    /// `"(" 1*address ")" / nil`: addresses follow each other without separators.
    private mutating func writeAddresses(_ addresses: [Address]?) {
        guard let addresses, !addresses.isEmpty else { return writeNil() }
        bytes.writeInteger(UInt8(ascii: "("))
        for address in addresses {
            bytes.writeInteger(UInt8(ascii: "("))
            writeNString(address.name)
            writeSpace()
            writeNString(address.adl)
            writeSpace()
            writeNString(address.mailbox)
            writeSpace()
            writeNString(address.host)
            bytes.writeInteger(UInt8(ascii: ")"))
        }
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    /// `body`; extension data only when `extensible` (BODYSTRUCTURE), never for BODY.
    public mutating func writeBodyStructure(_ body: BodyStructure, extensible: Bool) {
        bytes.writeInteger(UInt8(ascii: "("))
        switch body {
        case .singlepart(let part):
            writeIMAPString(part.type)
            writeSpace()
            writeIMAPString(part.subtype)
            writeSpace()
            writeBodyParameters(part.fields.parameters)
            writeSpace()
            writeNString(part.fields.id)
            writeSpace()
            writeNString(part.fields.description)
            writeSpace()
            writeIMAPString(part.fields.encoding)
            writeSpace()
            writeNumber(part.fields.octets)
            switch part.kind {
            case .basic:
                break
            case .text(let lines):
                writeSpace()
                writeNumber(lines)
            case .message(let envelope, let inner, let lines):
                writeSpace()
                writeEnvelope(envelope)
                writeSpace()
                writeBodyStructure(inner, extensible: extensible)
                writeSpace()
                writeNumber(lines)
            }
            if extensible, let bodyExtension = part.extensionData {
                writeBodyExtension(bodyExtension)
            }
        case .multipart(let multipart):
            for part in multipart.parts {
                writeBodyStructure(part, extensible: extensible)
            }
            writeSpace()
            writeIMAPString(multipart.subtype)
            if extensible, let bodyExtension = multipart.extensionData {
                writeBodyExtension(bodyExtension)
            }
        }
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    private mutating func writeBodyExtension(_ bodyExtension: BodyExtension) {
        writeSpace()
        switch bodyExtension.first {
        case .md5(let md5): writeNString(md5)
        case .parameters(let parameters): writeBodyParameters(parameters)
        }
        guard bodyExtension.fieldCount >= 2 else { return }
        writeSpace()
        if let disposition = bodyExtension.disposition {
            bytes.writeInteger(UInt8(ascii: "("))
            writeIMAPString(disposition.kind)
            writeSpace()
            writeBodyParameters(disposition.parameters)
            bytes.writeInteger(UInt8(ascii: ")"))
        } else {
            writeNil()
        }
        guard bodyExtension.fieldCount >= 3 else { return }
        writeSpace()
        switch bodyExtension.language {
        case .none: writeNil()
        case .single(let language): writeIMAPString(language)
        case .list(let languages): writeList(languages) { $0.writeIMAPString($1) }
        }
        guard bodyExtension.fieldCount >= 4 else { return }
        writeSpace()
        writeNString(bodyExtension.location)
        for value in bodyExtension.extra {
            writeSpace()
            writeExtensionValue(value)
        }
    }

    /// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`.
    private mutating func writeBodyParameters(_ parameters: [BodyParameter]?) {
        guard let parameters, !parameters.isEmpty else { return writeNil() }
        writeList(parameters) { buffer, parameter in
            buffer.writeIMAPString(parameter.name)
            buffer.writeSpace()
            buffer.writeIMAPString(parameter.value)
        }
    }
}
