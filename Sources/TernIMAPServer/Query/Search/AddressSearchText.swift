import TernMIME

/// The text SEARCH FROM/TO/CC/BCC match against: the field's addresses written back in one normal
/// form, `Name <mailbox@host>` or `mailbox@host`, groups as `group: a@b, c@d;`, as Dovecot matches
/// them. Comments, quoting, folding and white space inside addresses are gone, so
/// `<user (comment)@ (comment) domain.org>` still contains `user@domain.org`; a comment that stands
/// for a display name (`user@domain.org (Real Name)`) becomes the name. Encoded words in names stay
/// encoded here and are decoded by the matcher. Pure.
enum AddressSearchText {
    /// Placeholders `AddressParser` fills in for broken addresses; they are not part of the text.
    private static let placeholders: Set<[UInt8]> = [
        Array("MISSING_MAILBOX".utf8), Array("MISSING_DOMAIN".utf8), Array("SYNTAX_ERROR".utf8),
    ]

    /// The normal form of one raw address field value; the raw value when it holds no address.
    static func normalized(_ raw: [UInt8]) -> [UInt8] {
        let addresses = AddressParser.parse(raw)
        guard !addresses.isEmpty else { return raw }
        var text: [UInt8] = []
        text.reserveCapacity(raw.count)
        var first = true
        for address in addresses {
            if address.isGroupEnd {
                text.append(UInt8(ascii: ";"))
                continue
            }
            if !first { text.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
            first = false
            if address.isGroupStart {
                text.append(contentsOf: address.mailbox ?? [])
                text.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                first = true
                continue
            }
            let mailbox = address.mailbox.flatMap { placeholders.contains($0) ? nil : $0 }
            let host = address.host.flatMap { placeholders.contains($0) ? nil : $0 }
            var spec: [UInt8] = mailbox ?? []
            if let host {
                spec.append(UInt8(ascii: "@"))
                spec.append(contentsOf: host)
            }
            if let name = address.name, !name.isEmpty {
                text.append(contentsOf: name)
                if !spec.isEmpty {
                    text.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "<")])
                    text.append(contentsOf: spec)
                    text.append(UInt8(ascii: ">"))
                }
            } else {
                text.append(contentsOf: spec)
            }
        }
        return text
    }
}
