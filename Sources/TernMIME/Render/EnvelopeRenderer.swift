/// Renders an IMAP ENVELOPE (RFC 3501 7.4.2 / RFC 9051 7.5.2) from raw header values:
/// `(date subject from sender reply-to to cc bcc in-reply-to message-id)`, without the outer
/// `ENVELOPE ` label. Strings are raw header bytes (no RFC 2047 decoding); sender and reply-to default
/// to from; subjects and display names are cleaned up the way Dovecot does (`stringForHumans`).
public enum EnvelopeRenderer {
    public static func render(_ envelope: EnvelopeFields) -> [UInt8] {
        var out: [UInt8] = []
        render(envelope, into: &out)
        return out
    }

    public static func render(_ envelope: EnvelopeFields, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        writeFields(envelope, into: &out)
        out.append(UInt8(ascii: ")"))
    }

    /// The ten fields separated by spaces, without parentheses.
    static func writeFields(_ envelope: EnvelopeFields, into out: inout [UInt8]) {
        IMAPStringWriter.nilOrStringWithoutLineBreaks(envelope.date, into: &out)
        out.append(ASCII.space)
        if let subject = envelope.subject {
            IMAPStringWriter.stringForHumans(IMAPStringWriter.replacingNUL(subject), into: &out)
        } else {
            out.append(contentsOf: "NIL".utf8)
        }
        let from = addresses(envelope.from)
        let addressLists: [[IMAPAddress]?] = [
            from,
            addresses(envelope.sender) ?? from,
            addresses(envelope.replyTo) ?? from,
            addresses(envelope.to),
            addresses(envelope.cc),
            addresses(envelope.bcc),
        ]
        for list in addressLists {
            out.append(ASCII.space)
            writeAddresses(list, into: &out)
        }
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(envelope.inReplyTo, into: &out)
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(envelope.messageID, into: &out)
    }

    /// The addresses of every occurrence of a field, concatenated; nil when the field is absent or yields
    /// no address (so that Sender and Reply-To then fall back to From, as in Dovecot).
    static func addresses(_ occurrences: [[UInt8]]?) -> [IMAPAddress]? {
        guard let occurrences else { return nil }
        let parsed = occurrences.flatMap(AddressParser.parse)
        return parsed.isEmpty ? nil : parsed
    }

    /// An address list; an empty or absent list is NIL.
    public static func writeAddresses(_ addresses: [IMAPAddress]?, into out: inout [UInt8]) {
        guard let addresses, !addresses.isEmpty else {
            out.append(contentsOf: "NIL".utf8)
            return
        }
        out.append(UInt8(ascii: "("))
        for address in addresses {
            out.append(UInt8(ascii: "("))
            if let name = address.name {
                IMAPStringWriter.stringForHumans(IMAPStringWriter.replacingNUL(name), into: &out)
            } else {
                out.append(contentsOf: "NIL".utf8)
            }
            out.append(ASCII.space)
            IMAPStringWriter.nilOrString(address.route.map(IMAPStringWriter.replacingNUL), into: &out)
            out.append(ASCII.space)
            IMAPStringWriter.nilOrString(address.mailbox.map(IMAPStringWriter.replacingNUL), into: &out)
            out.append(ASCII.space)
            IMAPStringWriter.nilOrString(address.host.map(IMAPStringWriter.replacingNUL), into: &out)
            out.append(UInt8(ascii: ")"))
        }
        out.append(UInt8(ascii: ")"))
    }
}
