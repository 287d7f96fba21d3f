/// APPEND as stream parts. Remembers whether the current message was `UTF8 (` to close it.
public struct AppendEncoder: Sendable {
    private var closeUTF8 = false

    public init() {}

    public mutating func write(_ part: AppendCommandPart, into buffer: inout EncodeBuffer) {
        switch part {
        case .start(let tag, let mailbox):
            buffer.writeRaw(tag.rawValue)
            buffer.writeStatic(" APPEND ")
            buffer.writeMailbox(mailbox)
        case .beginMessage(let message):
            buffer.writeSpace()
            if let flags = message.flags {
                buffer.writeFlags(flags)
                buffer.writeSpace()
            }
            if let date = message.internalDate {
                buffer.writeInternalDate(date)
                buffer.writeSpace()
            }
            if message.data.isUTF8 { buffer.writeStatic("UTF8 (") }
            closeUTF8 = message.data.isUTF8
            if message.data.isBinary { buffer.writeStatic("~") }
            buffer.writeStatic("{")
            buffer.writeNumber(message.data.byteCount)
            if message.data.isNonSynchronizing {
                buffer.writeStatic("+}\r\n")
            } else {
                buffer.writeStatic("}\r\n")
                if buffer.role == .client { buffer.markSynchronizingLiteralBoundary() }
            }
        case .messageBytes(let bytes):
            buffer.writeRaw(bytes)
        case .endMessage:
            if closeUTF8 { buffer.writeStatic(")") }
            closeUTF8 = false
        case .finish:
            buffer.writeCRLF()
        }
    }
}

/// Writes any command stream part (what ``CommandParser`` produces) back to bytes.
public struct CommandStreamEncoder: Sendable {
    private var append = AppendEncoder()

    public init() {}

    public mutating func write(_ part: CommandStreamPart, into buffer: inout EncodeBuffer) {
        switch part {
        case .tagged(let command):
            buffer.writeCommand(command)
        case .append(let appendPart):
            append.write(appendPart, into: &buffer)
        case .idleDone:
            buffer.writeStatic("DONE\r\n")
        case .authenticationResponse(.cancel):
            buffer.writeStatic("*\r\n")
        case .authenticationResponse(.data(let text)):
            buffer.writeRaw(bytes: text)
            buffer.writeCRLF()
        }
    }
}
