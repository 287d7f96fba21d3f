/// One piece of a FETCH response whose body literals are streamed: the items up to (and announcing) a
/// streamed literal, or the items after the last one up to the closing `)`.
struct FetchSegment {
    enum End {
        case streaming(StreamingAttribute, byteCount: Int)
        case end
    }

    var sequence: SequenceNumber?
    var attributes: [MessageAttribute] = []
    var end: End = .end
}

extension ResponseReader {
    /// Reads a segment: `* n FETCH (` + items + a literal announcement when `first`, else the text after a
    /// streamed literal (` item ...` then either another announcement or `)` CRLF).
    mutating func readFetchSegment(first: Bool) throws(ParserError) -> FetchSegment {
        var segment = FetchSegment()
        if first {
            try expect(UInt8(ascii: "*"))
            try expectSpace()
            segment.sequence = SequenceNumber(try readNonZeroNumber())
            try expectSpace()
            guard consumeKeyword("FETCH") else { throw error("expected FETCH") }
            try expectSpace()
            try expect(UInt8(ascii: "("))
        }
        var needSeparator = !first
        while true {
            if needSeparator {
                if consume(UInt8(ascii: ")")) {
                    try expectCRLF()
                    return segment
                }
                try expectSpace()
            }
            needSeparator = true
            if let streaming = try readStreamingAnnouncement() {
                segment.end = streaming
                return segment
            }
            guard segment.attributes.count < limits.maxListItems else {
                throw ParserError(.tooManyItems, "more than \(limits.maxListItems) FETCH items", offset: index)
            }
            segment.attributes.append(try readMessageAttribute())
        }
    }

    /// A body item whose value is the literal announced at the very end of this segment, if one comes next.
    private mutating func readStreamingAnnouncement() throws(ParserError) -> FetchSegment.End? {
        let start = index
        guard
            let name = try? readWhile("a FETCH item", { IMAPCharacterClass.isAtomByte($0) && $0 != UInt8(ascii: "[") })
        else { return nil }
        let attribute: StreamingAttribute
        switch ResponseReader.uppercased(name) {
        case "BODY" where peek() == UInt8(ascii: "["):
            let section = try readSection()
            attribute = .body(section, origin: try readOrigin())
        case "BINARY":
            let part = try readBinarySection()
            attribute = .binary(part: part, origin: try readOrigin())
        case "RFC822":
            attribute = .rfc822
        case "RFC822.HEADER":
            attribute = .rfc822Header
        case "RFC822.TEXT":
            attribute = .rfc822Text
        default:
            index = start
            return nil
        }
        guard consume(UInt8(ascii: " ")) else {
            index = start
            return nil
        }
        _ = consume(UInt8(ascii: "~"))
        guard consume(UInt8(ascii: "{")), let count = try? readNumber64(), consume(UInt8(ascii: "}")),
            consume(UInt8(ascii: "\r")), consume(UInt8(ascii: "\n")), isAtEnd, count <= UInt64(Int.max)
        else {
            index = start
            return nil
        }
        return .streaming(attribute, byteCount: Int(count))
    }
}
