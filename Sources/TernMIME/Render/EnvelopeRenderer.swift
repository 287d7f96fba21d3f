/// Renders an IMAP ENVELOPE (RFC 3501 7.4.2 / RFC 9051 7.5.2) from raw header values:
/// `(date subject from sender reply-to to cc bcc in-reply-to message-id)`, without the outer
/// `ENVELOPE ` label. Strings are raw header bytes (no RFC 2047 decoding); sender and reply-to default
/// to from; subjects and display names are cleaned up the way Dovecot does (`stringForHumans`).
public enum EnvelopeRenderer {
    public static func render(_ envelope: EnvelopeFields) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(BodyStructureRenderer.renderedCapacity)
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
        // Field by field, without collecting the six lists first: one parse result alive at a time.
        let from = addresses(envelope.from)
        out.append(ASCII.space)
        writeAddresses(from, into: &out)
        out.append(ASCII.space)
        writeAddresses(addresses(envelope.sender) ?? from, into: &out)
        out.append(ASCII.space)
        writeAddresses(addresses(envelope.replyTo) ?? from, into: &out)
        out.append(ASCII.space)
        writeAddresses(addresses(envelope.to), into: &out)
        out.append(ASCII.space)
        writeAddresses(addresses(envelope.cc), into: &out)
        out.append(ASCII.space)
        writeAddresses(addresses(envelope.bcc), into: &out)
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(envelope.inReplyTo, into: &out)
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(envelope.messageID, into: &out)
    }

    /// The addresses of every occurrence of a field, concatenated; nil when the field is absent or yields
    /// no address (so that Sender and Reply-To then fall back to From, as in Dovecot).
    static func addresses(_ occurrences: [[UInt8]]?) -> [IMAPAddress]? {
        guard let occurrences else { return nil }
        // One occurrence is the usual case: its parse is the list, no concatenated copy.
        let parsed =
            occurrences.count == 1 ? AddressParser.parse(occurrences[0]) : occurrences.flatMap(AddressParser.parse)
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
