/// Value writers shared by the command encoder: mailboxes, patterns, sets, flags, dates.
extension EncodeBuffer {
    /// `list-mailbox`: bare when every byte is a list-char (`%` and `*` included), else a string.
    public mutating func writeListMailbox(_ pattern: ByteString) {
        let bare = !pattern.bytes.isEmpty && pattern.bytes.allSatisfy(IMAPCharacterClass.isListByte)
            && !StringForm.isNIL(pattern.bytes)
        if bare && (pattern.form == nil || pattern.form == .atom) {
            writeRaw(bytes: pattern.bytes)
        } else {
            writeString(pattern.bytes, form: pattern.form == .atom ? nil : pattern.form, allowAtom: true)
        }
    }

    /// `d-Mon-yyyy`
    public mutating func writeDate(_ date: IMAPDate) {
        writeRaw(date.description)
    }

    mutating func writeStatusAttributes(_ attributes: [StatusAttribute]) {
        writeList(attributes) { buffer, attribute in buffer.writeRaw(attribute.rawValue) }
    }
}
