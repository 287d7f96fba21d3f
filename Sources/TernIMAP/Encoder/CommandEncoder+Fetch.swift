/// FETCH and STORE.
extension EncodeBuffer {
    mutating func writeFetchCommand(_ fetch: FetchCommand) {
        writeUIDPrefix(fetch.isUID)
        writeStatic("FETCH ")
        writeSequenceSet(fetch.set)
        writeSpace()
        switch fetch.items {
        case .all: writeStatic("ALL")
        case .fast: writeStatic("FAST")
        case .full: writeStatic("FULL")
        case .single(let attribute): writeFetchAttribute(attribute)
        case .list(let attributes):
            writeList(attributes) { buffer, attribute in buffer.writeFetchAttribute(attribute) }
        }
        if !fetch.modifiers.isEmpty {
            writeSpace()
            writeList(fetch.modifiers) { buffer, modifier in
                switch modifier {
                case .changedSince(let modSeq):
                    buffer.writeStatic("CHANGEDSINCE ")
                    buffer.writeNumber(modSeq.rawValue)
                case .vanished:
                    buffer.writeStatic("VANISHED")
                }
            }
        }
    }

    public mutating func writeFetchAttribute(_ attribute: FetchAttribute) {
        switch attribute {
        case .envelope: writeStatic("ENVELOPE")
        case .flags: writeStatic("FLAGS")
        case .internalDate: writeStatic("INTERNALDATE")
        case .rfc822: writeStatic("RFC822")
        case .rfc822Header: writeStatic("RFC822.HEADER")
        case .rfc822Size: writeStatic("RFC822.SIZE")
        case .rfc822Text: writeStatic("RFC822.TEXT")
        case .body: writeStatic("BODY")
        case .bodyStructure: writeStatic("BODYSTRUCTURE")
        case .uid: writeStatic("UID")
        case .modSeq: writeStatic("MODSEQ")
        case .bodySection(let section, let partial, let peek):
            writeStatic(peek ? "BODY.PEEK" : "BODY")
            writeSection(section)
            writePartial(partial)
        case .binary(let part, let partial, let peek):
            writeStatic(peek ? "BINARY.PEEK[" : "BINARY[")
            writeSectionPart(part)
            writeStatic("]")
            writePartial(partial)
        case .binarySize(let part):
            writeStatic("BINARY.SIZE[")
            writeSectionPart(part)
            writeStatic("]")
        }
    }

    mutating func writePartial(_ partial: Partial?) {
        guard let partial else { return }
        writeStatic("<")
        writeNumber(partial.origin)
        writeStatic(".")
        writeNumber(partial.length)
        writeStatic(">")
    }

    mutating func writeStoreCommand(_ store: StoreCommand) {
        writeUIDPrefix(store.isUID)
        writeStatic("STORE ")
        writeSequenceSet(store.set)
        writeSpace()
        if let unchangedSince = store.unchangedSince {
            writeStatic("(UNCHANGEDSINCE ")
            writeNumber(unchangedSince.rawValue)
            writeStatic(") ")
        }
        switch store.operation {
        case .replace: break
        case .add: writeStatic("+")
        case .remove: writeStatic("-")
        }
        writeStatic(store.silent ? "FLAGS.SILENT " : "FLAGS ")
        if store.parenthesized || store.flags.isEmpty {
            writeFlags(store.flags)
        } else {
            writeSpaceSeparated(store.flags) { buffer, flag in buffer.writeRaw(flag.rawValue) }
        }
    }
}
