/// Writes commands in canonical form: keywords uppercase, single spaces, and every value in the form it
/// was parsed in (atom / quoted / literal, parenthesised or not), so parse -> encode reproduces the
/// client's bytes up to keyword case. Values built in code get the shortest valid form.
extension EncodeBuffer {
    /// `tag SP command CRLF`
    public mutating func writeCommand(_ tagged: TaggedCommand) {
        writeRaw(tagged.tag.rawValue)
        writeSpace()
        writeCommandBody(tagged.command)
        writeCRLF()
    }

    mutating func writeCommandBody(_ command: Command) {
        switch command {
        case .capability: writeStatic("CAPABILITY")
        case .noop: writeStatic("NOOP")
        case .logout: writeStatic("LOGOUT")
        case .startTLS: writeStatic("STARTTLS")
        case .namespace: writeStatic("NAMESPACE")
        case .idle: writeStatic("IDLE")
        case .check: writeStatic("CHECK")
        case .close: writeStatic("CLOSE")
        case .unselect: writeStatic("UNSELECT")
        case .expunge: writeStatic("EXPUNGE")
        case .id(let parameters):
            writeStatic("ID ")
            guard let parameters else { return writeNil() }
            writeList(parameters) { buffer, parameter in
                buffer.writeIMAPString(parameter.key)
                buffer.writeSpace()
                buffer.writeNString(parameter.value)
            }
        case .enable(let capabilities):
            writeStatic("ENABLE")
            for capability in capabilities {
                writeSpace()
                writeRaw(capability.rawValue)
            }
        case .compress(let mechanism):
            writeStatic("COMPRESS ")
            writeRaw(mechanism)
        case .authenticate(let mechanism, let initialResponse):
            writeStatic("AUTHENTICATE ")
            writeRaw(mechanism)
            switch initialResponse {
            case nil: break
            case .empty: writeStatic(" =")
            case .base64(let text):
                writeSpace()
                writeRaw(bytes: text)
            }
        case .login(let username, let password):
            writeStatic("LOGIN ")
            writeAString(username)
            writeSpace()
            writeAString(password)
        case .select(let mailbox, let parameters):
            writeStatic("SELECT ")
            writeSelectArguments(mailbox, parameters)
        case .examine(let mailbox, let parameters):
            writeStatic("EXAMINE ")
            writeSelectArguments(mailbox, parameters)
        case .create(let mailbox, let parameters):
            writeStatic("CREATE ")
            writeMailbox(mailbox)
            if !parameters.isEmpty {
                writeSpace()
                writeList(parameters) { buffer, parameter in
                    switch parameter {
                    case .use(let attributes):
                        buffer.writeStatic("USE ")
                        buffer.writeFlags(attributes)
                    }
                }
            }
        case .delete(let mailbox):
            writeStatic("DELETE ")
            writeMailbox(mailbox)
        case .rename(let from, let to):
            writeStatic("RENAME ")
            writeMailbox(from)
            writeSpace()
            writeMailbox(to)
        case .subscribe(let mailbox):
            writeStatic("SUBSCRIBE ")
            writeMailbox(mailbox)
        case .unsubscribe(let mailbox):
            writeStatic("UNSUBSCRIBE ")
            writeMailbox(mailbox)
        case .list(let list):
            writeListCommand(list)
        case .lsub(let reference, let pattern):
            writeStatic("LSUB ")
            writeMailbox(reference)
            writeSpace()
            writeListMailbox(pattern)
        case .status(let mailbox, let attributes):
            writeStatic("STATUS ")
            writeMailbox(mailbox)
            writeSpace()
            writeStatusAttributes(attributes)
        case .getQuota(let root):
            writeStatic("GETQUOTA ")
            writeAString(root)
        case .getQuotaRoot(let mailbox):
            writeStatic("GETQUOTAROOT ")
            writeMailbox(mailbox)
        case .setQuota(let root, let limits):
            writeStatic("SETQUOTA ")
            writeAString(root)
            writeSpace()
            writeList(limits) { buffer, limit in
                buffer.writeRaw(limit.resource)
                buffer.writeSpace()
                buffer.writeNumber(limit.limit)
            }
        case .uidExpunge(let set):
            writeStatic("UID EXPUNGE ")
            writeSequenceSet(set)
        case .search(let search):
            writeSearchCommand(search)
        case .fetch(let fetch):
            writeFetchCommand(fetch)
        case .store(let store):
            writeStoreCommand(store)
        case .copy(let copy):
            writeUIDPrefix(copy.isUID)
            writeStatic("COPY ")
            writeCopyArguments(copy)
        case .move(let move):
            writeUIDPrefix(move.isUID)
            writeStatic("MOVE ")
            writeCopyArguments(move)
        case .sort(let sort):
            writeSortCommand(sort)
        case .thread(let thread):
            writeThreadCommand(thread)
        }
    }

    mutating func writeUIDPrefix(_ isUID: Bool) {
        if isUID { writeStatic("UID ") }
    }

    mutating func writeCopyArguments(_ copy: CopyCommand) {
        writeSequenceSet(copy.set)
        writeSpace()
        writeMailbox(copy.mailbox)
    }
}
