/// Untagged server data (`* ...`), without the final CRLF.
extension EncodeBuffer {
    public mutating func writeUntaggedResponse(_ response: UntaggedResponse) {
        writeStatic("* ")
        switch response {
        case .status(let kind, let text):
            writeRaw(kind.rawValue)
            writeSpace()
            writeResponseText(text)
        case .preauth(let text):
            writeStatic("PREAUTH ")
            writeResponseText(text)
        case .bye(let text):
            writeStatic("BYE ")
            writeResponseText(text)
        case .capability(let capabilities):
            writeStatic("CAPABILITY")
            for capability in capabilities {
                writeSpace()
                writeCapability(capability)
            }
        case .enabled(let capabilities):
            writeStatic("ENABLED")
            for capability in capabilities {
                writeSpace()
                writeCapability(capability)
            }
        case .flags(let flags):
            writeStatic("FLAGS ")
            writeFlags(options.visibleFlags(flags))
        case .list(let item):
            writeStatic("LIST ")
            writeMailboxListItem(item)
        case .lsub(let item):
            writeStatic("LSUB ")
            writeMailboxListItem(item)
        case .mailboxStatus(let mailbox, let values):
            writeStatic("STATUS ")
            writeMailbox(mailbox)
            writeSpace()
            writeList(values) { buffer, value in
                buffer.writeRaw(value.attribute.rawValue)
                buffer.writeSpace()
                buffer.writeNumber(value.value)
            }
        case .search(let numbers, let modSeq):
            writeStatic("SEARCH")
            writeNumbersWithModSeq(numbers, modSeq: modSeq)
        case .sort(let numbers, let modSeq):
            writeStatic("SORT")
            writeNumbersWithModSeq(numbers, modSeq: modSeq)
        case .esearch(let esearch):
            writeESearchResponse(esearch)
        case .thread(let threads):
            writeStatic("THREAD")
            if !threads.isEmpty { writeSpace() }
            for thread in threads { writeThreadList(thread) }
        case .exists(let count):
            writeNumber(count)
            writeStatic(" EXISTS")
        case .recent(let count):
            writeNumber(count)
            writeStatic(" RECENT")
        case .expunge(let number):
            writeNumber(number.rawValue)
            writeStatic(" EXPUNGE")
        case .vanished(let earlier, let uids):
            writeStatic(earlier ? "VANISHED (EARLIER) " : "VANISHED ")
            writeUIDSet(uids)
        case .fetch(let number, let attributes):
            writeNumber(number.rawValue)
            writeStatic(" FETCH ")
            writeList(attributes) { $0.writeMessageAttribute($1) }
        case .id(let parameters):
            writeStatic("ID ")
            if let parameters {
                writeList(parameters) { buffer, parameter in
                    buffer.writeIMAPString(parameter.key)
                    buffer.writeSpace()
                    buffer.writeNString(parameter.value)
                }
            } else {
                writeNil()
            }
        case .namespace(let namespace):
            writeStatic("NAMESPACE ")
            writeNamespaces(namespace.personal)
            writeSpace()
            writeNamespaces(namespace.otherUsers)
            writeSpace()
            writeNamespaces(namespace.shared)
        case .quota(let root, let resources):
            writeStatic("QUOTA ")
            writeAString(root)
            writeSpace()
            writeList(resources) { buffer, resource in
                buffer.writeRaw(resource.name)
                buffer.writeSpace()
                buffer.writeNumber(resource.usage)
                buffer.writeSpace()
                buffer.writeNumber(resource.limit)
            }
        case .quotaRoot(let mailbox, let roots):
            writeStatic("QUOTAROOT ")
            writeMailbox(mailbox)
            for root in roots {
                writeSpace()
                writeAString(root)
            }
        case .other(let name, let text):
            writeRaw(name)
            if !text.isEmpty {
                writeSpace()
                writeText(text)
            }
        }
    }

    private mutating func writeNumbersWithModSeq(_ numbers: [UInt32], modSeq: ModSeq?) {
        for number in numbers {
            writeSpace()
            writeNumber(number)
        }
        if let modSeq {
            writeStatic(" (MODSEQ ")
            writeNumber(modSeq.rawValue)
            writeStatic(")")
        }
    }

    /// `mailbox-list` with LIST-EXTENDED data.
    public mutating func writeMailboxListItem(_ item: MailboxListItem) {
        writeList(item.attributes) { $0.writeRaw($1.rawValue) }
        writeSpace()
        writeDelimiter(item.delimiter)
        writeSpace()
        writeMailbox(item.mailbox)
        guard !item.extended.isEmpty else { return }
        writeSpace()
        writeList(item.extended) { buffer, extended in
            buffer.writeAString(extended.tag)
            buffer.writeSpace()
            switch extended.value {
            case .childInfo(let options):
                buffer.writeList(options) { $0.writeIMAPString($1) }
            case .oldName(let mailbox):
                buffer.writeStatic("(")
                buffer.writeMailbox(mailbox)
                buffer.writeStatic(")")
            case .other(let value):
                buffer.writeExtensionValue(value)
            }
        }
    }

    public mutating func writeESearchResponse(_ response: ESearchResponse) {
        writeStatic("ESEARCH")
        if let correlator = response.correlator {
            writeStatic(" (TAG ")
            writeIMAPString(correlator)
            writeStatic(")")
        }
        if response.uid { writeStatic(" UID") }
        for item in response.items {
            writeSpace()
            switch item {
            case .min(let number):
                writeStatic("MIN ")
                writeNumber(number)
            case .max(let number):
                writeStatic("MAX ")
                writeNumber(number)
            case .all(let set):
                writeStatic("ALL ")
                writeSequenceSet(set)
            case .count(let count):
                writeStatic("COUNT ")
                writeNumber(count)
            case .modSeq(let modSeq):
                writeStatic("MODSEQ ")
                writeNumber(modSeq.rawValue)
            case .other(let name, let value):
                writeRaw(name)
                writeSpace()
                writeExtensionValue(value)
            }
        }
    }

    public mutating func writeThreadList(_ thread: ThreadList) {
        bytes.writeInteger(UInt8(ascii: "("))
        writeSpaceSeparated(thread.messages) { $0.writeNumber($1) }
        if !thread.messages.isEmpty && !thread.children.isEmpty { writeSpace() }
        for child in thread.children { writeThreadList(child) }
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    private mutating func writeNamespaces(_ descriptions: [NamespaceDescription]?) {
        guard let descriptions else { return writeNil() }
        bytes.writeInteger(UInt8(ascii: "("))
        for description in descriptions {
            bytes.writeInteger(UInt8(ascii: "("))
            writeIMAPString(description.prefix)
            writeSpace()
            writeDelimiter(description.delimiter)
            for namespaceExtension in description.extensions {
                writeSpace()
                writeIMAPString(namespaceExtension.name)
                writeSpace()
                writeList(namespaceExtension.values) { $0.writeIMAPString($1) }
            }
            bytes.writeInteger(UInt8(ascii: ")"))
        }
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    /// `body-extension` / `tagged-ext-val`.
    public mutating func writeExtensionValue(_ value: ExtensionValue) {
        switch value {
        case .string(let string): writeIMAPString(string)
        case .number(let number): writeNumber(number)
        case .nil: writeNil()
        case .atom(let atom): writeRaw(atom)
        case .list(let values): writeList(values) { $0.writeExtensionValue($1) }
        }
    }
}
