/// SELECT parameters and LIST.
extension EncodeBuffer {
    mutating func writeSelectArguments(_ mailbox: MailboxName, _ parameters: [SelectParameter]) {
        writeMailbox(mailbox)
        guard !parameters.isEmpty else { return }
        writeSpace()
        writeList(parameters) { buffer, parameter in
            switch parameter {
            case .condStore:
                buffer.writeStatic("CONDSTORE")
            case .qresync(let qresync):
                buffer.writeStatic("QRESYNC (")
                buffer.writeNumber(qresync.uidValidity)
                buffer.writeSpace()
                buffer.writeNumber(qresync.modSeq.rawValue)
                if let known = qresync.knownUIDs {
                    buffer.writeSpace()
                    buffer.writeSequenceSet(known)
                }
                if let match = qresync.sequenceMatch {
                    buffer.writeStatic(" (")
                    buffer.writeSequenceSet(match.sequences)
                    buffer.writeSpace()
                    buffer.writeSequenceSet(match.uids)
                    buffer.writeStatic(")")
                }
                buffer.writeStatic(")")
            }
        }
    }

    mutating func writeListCommand(_ list: ListCommand) {
        writeStatic("LIST ")
        if let options = list.selectOptions {
            writeList(options) { buffer, option in buffer.writeRaw(option.rawValue) }
            writeSpace()
        }
        writeMailbox(list.reference)
        writeSpace()
        switch list.patterns {
        case .single(let pattern):
            writeListMailbox(pattern)
        case .multiple(let patterns):
            writeList(patterns) { buffer, pattern in buffer.writeListMailbox(pattern) }
        }
        if let options = list.returnOptions {
            writeStatic(" RETURN ")
            writeList(options) { buffer, option in
                switch option {
                case .subscribed: buffer.writeStatic("SUBSCRIBED")
                case .children: buffer.writeStatic("CHILDREN")
                case .specialUse: buffer.writeStatic("SPECIAL-USE")
                case .status(let attributes):
                    buffer.writeStatic("STATUS ")
                    buffer.writeStatusAttributes(attributes)
                }
            }
        }
    }
}
