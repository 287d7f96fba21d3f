/// Mailbox name rules: `/` separates levels; INBOX is case-insensitive.
enum MailboxNames {
    static let separator = "/"

    static func normalized(_ name: String) -> String {
        if name.uppercased() == MailboxList.inbox { return MailboxList.inbox }
        if name.uppercased().hasPrefix(MailboxList.inbox + separator) {
            return MailboxList.inbox + name.dropFirst(MailboxList.inbox.count)
        }
        return name
    }

    static func validated(_ name: String) throws(MailError) -> String {
        let name = normalized(name)
        guard !name.isEmpty, name.utf8.count <= MailboxList.maxNameBytes else {
            throw MailError(.invalidName, "mailbox names have 1...\(MailboxList.maxNameBytes) bytes")
        }
        guard !name.hasPrefix(separator), !name.hasSuffix(separator), !name.contains(separator + separator) else {
            throw MailError(.invalidName, "empty hierarchy level in \(name)")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == "*" || $0 == "%" })
        else {
            throw MailError(.invalidName, "mailbox names contain no control characters, * or %")
        }
        return name
    }
}
