/// The top level of a response, status responses and response codes.
extension ResponseReader {
    mutating func readResponse() throws(ParserError) -> Response {
        let response: Response
        if consume(UInt8(ascii: "+")) {
            response = .continuation(try readContinuation())
        } else if consume(UInt8(ascii: "*")) {
            try expectSpace()
            response = .untagged(try readUntagged())
        } else {
            let tagBytes = try readWhile("a tag") { $0 != UInt8(ascii: "+") && IMAPCharacterClass.isAStringByte($0) }
            let tag = Tag(validated: String(decoding: tagBytes, as: UTF8.self))
            try expectSpace()
            let status = try readStatusKind()
            response = .tagged(TaggedResponse(tag: tag, status: status, text: try readStatusText()))
        }
        try expectCRLF()
        return response
    }

    /// `"+" SP (resp-text / base64)`; a bare `+` is accepted as an empty challenge.
    private mutating func readContinuation() throws(ParserError) -> ContinuationRequest {
        guard consume(UInt8(ascii: " ")) else {
            guard atLineEnd else { throw error("expected SP after \"+\"") }
            return .base64("")
        }
        let start = index
        let rest = readTextToLineEnd()
        let restBytes = bytes[start..<index]
        if restBytes.count % 4 == 0, restBytes.allSatisfy(IMAPCharacterClass.isBase64Byte) {
            return .base64(rest)
        }
        index = start
        return .text(try readResponseText())
    }

    mutating func readStatusKind() throws(ParserError) -> StatusKind {
        if consumeKeyword("OK") { return .ok }
        if consumeKeyword("NO") { return .no }
        if consumeKeyword("BAD") { return .bad }
        throw error("expected OK, NO or BAD")
    }

    /// `SP resp-text`, tolerating a missing SP and text at the end of the line.
    mutating func readStatusText() throws(ParserError) -> ResponseText {
        if atLineEnd { return ResponseText(text: "") }
        try expectSpace()
        return try readResponseText()
    }

    /// `resp-text = ["[" resp-text-code "]" SP] [text]`.
    mutating func readResponseText() throws(ParserError) -> ResponseText {
        var code: ResponseCode?
        if consume(UInt8(ascii: "[")) {
            code = try readResponseCode()
            try expect(UInt8(ascii: "]"))
            if !consume(UInt8(ascii: " ")) {
                guard atLineEnd else { throw error("expected SP after the response code") }
            }
        }
        return ResponseText(code: code, text: readTextToLineEnd())
    }

    /// A known code with its arguments, or `.other` with the raw argument when the name or its syntax is unknown.
    mutating func readResponseCode() throws(ParserError) -> ResponseCode {
        let nameStart = index
        let name = ResponseReader.uppercased(try readWhile("a response code") {
            IMAPCharacterClass.isAtomByte($0) && $0 != UInt8(ascii: "[")
        })
        let afterName = index
        if let simple = ResponseReader.simpleCodes[name] {
            if peek() == UInt8(ascii: "]") { return simple }
        } else if let code = try? readCodeArguments(name), peek() == UInt8(ascii: "]") {
            return code
        }
        index = afterName
        var argument: String?
        if consume(UInt8(ascii: " ")) {
            let start = index
            while let byte = peek(), byte != UInt8(ascii: "]"), IMAPCharacterClass.isTextByte(byte) { index += 1 }
            argument = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        return .other(name: String(decoding: bytes[nameStart..<afterName], as: UTF8.self), argument: argument)
    }

    private mutating func readCodeArguments(_ name: String) throws(ParserError) -> ResponseCode {
        switch name {
        case "BADCHARSET":
            guard consume(UInt8(ascii: " ")) else { return .badCharset(nil) }
            return .badCharset(try readAStringList())
        case "CAPABILITY":
            var capabilities: [Capability] = []
            while consume(UInt8(ascii: " ")) {
                capabilities.append(Capability(try readAtom()))
            }
            return .capability(capabilities)
        case "PERMANENTFLAGS":
            try expectSpace()
            return .permanentFlags(try readFlagList())
        case "UIDNEXT":
            try expectSpace()
            return .uidNext(UID(try readNonZeroNumber()))
        case "UIDVALIDITY":
            try expectSpace()
            return .uidValidity(try readNonZeroNumber())
        case "UNSEEN":
            try expectSpace()
            return .unseen(SequenceNumber(try readNonZeroNumber()))
        case "APPENDUID":
            try expectSpace()
            let validity = try readNonZeroNumber()
            try expectSpace()
            return .appendUID(uidValidity: validity, uids: try readUIDSet())
        case "COPYUID":
            try expectSpace()
            let validity = try readNonZeroNumber()
            try expectSpace()
            let source = try readUIDSet()
            try expectSpace()
            return .copyUID(uidValidity: validity, source: source, destination: try readUIDSet())
        case "HIGHESTMODSEQ":
            try expectSpace()
            return .highestModSeq(ModSeq(try readNumber64()))
        case "MODIFIED":
            try expectSpace()
            return .modified(try readSequenceSet())
        default:
            throw error("unknown response code")
        }
    }

    static let simpleCodes: [String: ResponseCode] = [
        "ALERT": .alert, "PARSE": .parse, "READ-ONLY": .readOnly, "READ-WRITE": .readWrite,
        "TRYCREATE": .tryCreate, "UIDNOTSTICKY": .uidNotSticky, "NOMODSEQ": .noModSeq, "CLOSED": .closed,
        "NOTSAVED": .notSaved, "UNAVAILABLE": .unavailable, "AUTHENTICATIONFAILED": .authenticationFailed,
        "AUTHORIZATIONFAILED": .authorizationFailed, "EXPIRED": .expired, "PRIVACYREQUIRED": .privacyRequired,
        "CONTACTADMIN": .contactAdmin, "NOPERM": .noPerm, "INUSE": .inUse, "EXPUNGEISSUED": .expungeIssued,
        "CORRUPTION": .corruption, "SERVERBUG": .serverBug, "CLIENTBUG": .clientBug, "CANNOT": .cannot,
        "LIMIT": .limit, "OVERQUOTA": .overQuota, "ALREADYEXISTS": .alreadyExists, "NONEXISTENT": .nonExistent,
        "HASCHILDREN": .hasChildren, "TOOBIG": .tooBig, "UNKNOWN-CTE": .unknownCTE, "USEATTR": .useAttr,
        "COMPRESSIONACTIVE": .compressionActive,
    ]
}
