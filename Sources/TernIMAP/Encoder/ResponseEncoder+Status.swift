/// Status responses, response codes and continuation requests.
extension EncodeBuffer {
    public mutating func writeTaggedResponse(_ response: TaggedResponse) {
        writeRaw(response.tag.rawValue)
        writeSpace()
        writeRaw(response.status.rawValue)
        writeSpace()
        writeResponseText(response.text)
    }

    public mutating func writeContinuationRequest(_ request: ContinuationRequest) {
        writeStatic("+ ")
        switch request {
        case .text(let text): writeResponseText(text)
        case .base64(let data): writeRaw(data)
        }
    }

    /// `resp-text = ["[" resp-text-code "]" SP] [text]`; CR and LF in the text become spaces.
    public mutating func writeResponseText(_ text: ResponseText) {
        if let code = text.code {
            bytes.writeInteger(UInt8(ascii: "["))
            writeResponseCode(code)
            bytes.writeInteger(UInt8(ascii: "]"))
            if !text.text.isEmpty { writeSpace() }
        }
        writeText(text.text)
    }

    /// `text = 1*TEXT-CHAR`: never CR, LF or NUL, which would end or corrupt the line.
    mutating func writeText(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case 0, UInt8(ascii: "\r"), UInt8(ascii: "\n"): bytes.writeInteger(UInt8(ascii: " "))
            default: bytes.writeInteger(byte)
            }
        }
    }

    public mutating func writeResponseCode(_ code: ResponseCode) {
        switch code {
        case .alert: writeStatic("ALERT")
        case .badCharset(let charsets):
            writeStatic("BADCHARSET")
            if let charsets {
                writeSpace()
                writeList(charsets) { $0.writeAString($1) }
            }
        case .capability(let capabilities):
            writeStatic("CAPABILITY")
            for capability in capabilities {
                writeSpace()
                writeCapability(capability)
            }
        case .parse: writeStatic("PARSE")
        case .permanentFlags(let flags):
            writeStatic("PERMANENTFLAGS ")
            writeFlags(flags)
        case .readOnly: writeStatic("READ-ONLY")
        case .readWrite: writeStatic("READ-WRITE")
        case .tryCreate: writeStatic("TRYCREATE")
        case .uidNext(let uid):
            writeStatic("UIDNEXT ")
            writeNumber(uid.rawValue)
        case .uidValidity(let value):
            writeStatic("UIDVALIDITY ")
            writeNumber(value)
        case .unseen(let number):
            writeStatic("UNSEEN ")
            writeNumber(number.rawValue)
        case .appendUID(let validity, let uids):
            writeStatic("APPENDUID ")
            writeNumber(validity)
            writeSpace()
            writeUIDSet(uids)
        case .copyUID(let validity, let source, let destination):
            writeStatic("COPYUID ")
            writeNumber(validity)
            writeSpace()
            writeUIDSet(source)
            writeSpace()
            writeUIDSet(destination)
        case .uidNotSticky: writeStatic("UIDNOTSTICKY")
        case .highestModSeq(let modSeq):
            writeStatic("HIGHESTMODSEQ ")
            writeNumber(modSeq.rawValue)
        case .noModSeq: writeStatic("NOMODSEQ")
        case .modified(let set):
            writeStatic("MODIFIED ")
            writeSequenceSet(set)
        case .closed: writeStatic("CLOSED")
        case .notSaved: writeStatic("NOTSAVED")
        case .unavailable: writeStatic("UNAVAILABLE")
        case .authenticationFailed: writeStatic("AUTHENTICATIONFAILED")
        case .authorizationFailed: writeStatic("AUTHORIZATIONFAILED")
        case .expired: writeStatic("EXPIRED")
        case .privacyRequired: writeStatic("PRIVACYREQUIRED")
        case .contactAdmin: writeStatic("CONTACTADMIN")
        case .noPerm: writeStatic("NOPERM")
        case .inUse: writeStatic("INUSE")
        case .expungeIssued: writeStatic("EXPUNGEISSUED")
        case .corruption: writeStatic("CORRUPTION")
        case .serverBug: writeStatic("SERVERBUG")
        case .clientBug: writeStatic("CLIENTBUG")
        case .cannot: writeStatic("CANNOT")
        case .limit: writeStatic("LIMIT")
        case .overQuota: writeStatic("OVERQUOTA")
        case .alreadyExists: writeStatic("ALREADYEXISTS")
        case .nonExistent: writeStatic("NONEXISTENT")
        case .hasChildren: writeStatic("HASCHILDREN")
        case .tooBig: writeStatic("TOOBIG")
        case .unknownCTE: writeStatic("UNKNOWN-CTE")
        case .useAttr: writeStatic("USEATTR")
        case .compressionActive: writeStatic("COMPRESSIONACTIVE")
        case .other(let name, let argument):
            writeRaw(name)
            if let argument {
                writeSpace()
                for byte in argument.utf8 where byte != UInt8(ascii: "]") && IMAPCharacterClass.isTextByte(byte) {
                    bytes.writeInteger(byte)
                }
            }
        }
    }
}
