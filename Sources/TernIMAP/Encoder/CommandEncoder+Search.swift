/// SEARCH, SORT, THREAD and search keys.
extension EncodeBuffer {
    mutating func writeSearchCommand(_ search: SearchCommand) {
        writeUIDPrefix(search.isUID)
        writeStatic("SEARCH")
        if let options = search.returnOptions {
            writeStatic(" RETURN ")
            writeList(options) { buffer, option in buffer.writeRaw(option.rawValue) }
        }
        if let charset = search.charset {
            writeStatic(" CHARSET ")
            writeAString(charset)
        }
        writeSearchProgram(search.keys)
    }

    mutating func writeSortCommand(_ sort: SortCommand) {
        writeUIDPrefix(sort.isUID)
        writeStatic("SORT ")
        writeList(sort.criteria) { buffer, criterion in
            if criterion.reverse { buffer.writeStatic("REVERSE ") }
            buffer.writeRaw(criterion.key.rawValue)
        }
        writeSpace()
        writeAString(sort.charset)
        writeSearchProgram(sort.keys)
    }

    mutating func writeThreadCommand(_ thread: ThreadCommand) {
        writeUIDPrefix(thread.isUID)
        writeStatic("THREAD ")
        writeRaw(thread.algorithm)
        writeSpace()
        writeAString(thread.charset)
        writeSearchProgram(thread.keys)
    }

    /// ` key key ...` (each key preceded by a space).
    mutating func writeSearchProgram(_ keys: [SearchKey]) {
        for key in keys {
            writeSpace()
            writeSearchKey(key)
        }
    }

    public mutating func writeSearchKey(_ key: SearchKey) {
        switch key {
        case .all: writeStatic("ALL")
        case .answered: writeStatic("ANSWERED")
        case .deleted: writeStatic("DELETED")
        case .draft: writeStatic("DRAFT")
        case .flagged: writeStatic("FLAGGED")
        case .seen: writeStatic("SEEN")
        case .unanswered: writeStatic("UNANSWERED")
        case .undeleted: writeStatic("UNDELETED")
        case .undraft: writeStatic("UNDRAFT")
        case .unflagged: writeStatic("UNFLAGGED")
        case .unseen: writeStatic("UNSEEN")
        case .new: writeStatic("NEW")
        case .old: writeStatic("OLD")
        case .recent: writeStatic("RECENT")
        case .keyword(let flag):
            writeStatic("KEYWORD ")
            writeRaw(flag.rawValue)
        case .unkeyword(let flag):
            writeStatic("UNKEYWORD ")
            writeRaw(flag.rawValue)
        case .bcc(let value): writeKeyedString("BCC ", value)
        case .body(let value): writeKeyedString("BODY ", value)
        case .cc(let value): writeKeyedString("CC ", value)
        case .from(let value): writeKeyedString("FROM ", value)
        case .subject(let value): writeKeyedString("SUBJECT ", value)
        case .text(let value): writeKeyedString("TEXT ", value)
        case .to(let value): writeKeyedString("TO ", value)
        case .header(let field, let value):
            writeKeyedString("HEADER ", field)
            writeSpace()
            writeAString(value)
        case .before(let date): writeKeyedDate("BEFORE ", date)
        case .on(let date): writeKeyedDate("ON ", date)
        case .since(let date): writeKeyedDate("SINCE ", date)
        case .sentBefore(let date): writeKeyedDate("SENTBEFORE ", date)
        case .sentOn(let date): writeKeyedDate("SENTON ", date)
        case .sentSince(let date): writeKeyedDate("SENTSINCE ", date)
        case .larger(let size):
            writeStatic("LARGER ")
            writeNumber(size)
        case .smaller(let size):
            writeStatic("SMALLER ")
            writeNumber(size)
        case .uid(let set):
            writeStatic("UID ")
            writeSequenceSet(set)
        case .sequenceSet(let set):
            writeSequenceSet(set)
        case .not(let inner):
            writeStatic("NOT ")
            writeSearchKey(inner)
        case .or(let first, let second):
            writeStatic("OR ")
            writeSearchKey(first)
            writeSpace()
            writeSearchKey(second)
        case .and(let keys):
            writeList(keys) { buffer, key in buffer.writeSearchKey(key) }
        case .modSeq(let modSeq, let entry):
            writeStatic("MODSEQ ")
            if let entry {
                writeQuoted("/flags/" + entry.flag.rawValue)
                writeSpace()
                writeRaw(entry.type.rawValue)
                writeSpace()
            }
            writeNumber(modSeq.rawValue)
        }
    }

    mutating func writeKeyedString(_ keyword: StaticString, _ value: ByteString) {
        writeStatic(keyword)
        writeAString(value)
    }

    mutating func writeKeyedDate(_ keyword: StaticString, _ date: IMAPDate) {
        writeStatic(keyword)
        writeDate(date)
    }
}
