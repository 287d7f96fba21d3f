/// Writers for the small shared grammar values (flags, mailbox names, sets, sections, dates).
extension EncodeBuffer {
    /// A flag is an atom or `\` atom; it is written as stored (the grammar types validate it on parse).
    public mutating func writeFlag(_ flag: Flag) {
        writeRaw(flag.rawValue)
    }

    /// `flag-list = "(" [flag *(SP flag)] ")"`.
    public mutating func writeFlags(_ flags: [Flag]) {
        writeList(flags) { $0.writeFlag($1) }
    }

    public mutating func writeCapability(_ capability: Capability) {
        writeRaw(capability.rawValue)
    }

    /// `mailbox`: the wire bytes of the name as an astring (its remembered form when possible).
    ///
    /// `MailboxName` holds wire bytes; build it with `MailboxName.wire(_:options:)` so that a Unicode name is
    /// modified UTF-7 unless the client enabled UTF-8.
    public mutating func writeMailbox(_ mailbox: MailboxName) {
        writeString(mailbox.bytes, form: mailbox.form, allowAtom: true)
    }

    /// A hierarchy delimiter: `DQUOTE QUOTED-CHAR DQUOTE / nil`.
    public mutating func writeDelimiter(_ delimiter: UInt8?) {
        guard let delimiter else { return writeNil() }
        writeQuoted(CollectionOfOne(delimiter))
    }

    /// `sequence-set`: `1:3,5,7:*` or `$`.
    public mutating func writeSequenceSet(_ set: SequenceSet) {
        switch set {
        case .lastSearchResult:
            bytes.writeInteger(UInt8(ascii: "$"))
        case .ranges(let ranges):
            var first = true
            for range in ranges {
                if !first { bytes.writeInteger(UInt8(ascii: ",")) }
                first = false
                writeSequenceBound(range.lower)
                if !range.isSingle {
                    bytes.writeInteger(UInt8(ascii: ":"))
                    writeSequenceBound(range.upper)
                }
            }
        }
    }

    private mutating func writeSequenceBound(_ bound: SequenceBound) {
        switch bound {
        case .number(let number): writeNumber(number)
        case .last: bytes.writeInteger(UInt8(ascii: "*"))
        }
    }

    /// A UID set as `uid-set` (RFC 4315): `304,319:320`.
    public mutating func writeUIDSet(_ set: UIDSet) {
        var first = true
        for range in set.ranges {
            if !first { bytes.writeInteger(UInt8(ascii: ",")) }
            first = false
            writeNumber(range.lowerBound.rawValue)
            if range.upperBound != range.lowerBound {
                bytes.writeInteger(UInt8(ascii: ":"))
                writeNumber(range.upperBound.rawValue)
            }
        }
    }

    /// `section = "[" [section-spec] "]"`.
    public mutating func writeSection(_ section: SectionSpecifier) {
        bytes.writeInteger(UInt8(ascii: "["))
        writeSectionPart(section.part)
        let hasPart = !section.part.isEmpty
        func dot(_ buffer: inout EncodeBuffer) {
            if hasPart { buffer.bytes.writeInteger(UInt8(ascii: ".")) }
        }
        switch section.kind {
        case .complete:
            break
        case .header:
            dot(&self)
            writeStatic("HEADER")
        case .headerFields(let names):
            dot(&self)
            writeStatic("HEADER.FIELDS ")
            writeList(names) { $0.writeAString($1) }
        case .headerFieldsNot(let names):
            dot(&self)
            writeStatic("HEADER.FIELDS.NOT ")
            writeList(names) { $0.writeAString($1) }
        case .text:
            dot(&self)
            writeStatic("TEXT")
        case .mime:
            dot(&self)
            writeStatic("MIME")
        }
        bytes.writeInteger(UInt8(ascii: "]"))
    }

    /// `section-part = nz-number *("." nz-number)`.
    public mutating func writeSectionPart(_ part: [UInt32]) {
        var first = true
        for number in part {
            if !first { bytes.writeInteger(UInt8(ascii: ".")) }
            first = false
            writeNumber(number)
        }
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`.
    public mutating func writeInternalDate(_ date: InternalDate) {
        bytes.writeInteger(UInt8(ascii: "\""))
        writeRaw(date.description)
        bytes.writeInteger(UInt8(ascii: "\""))
    }
}

extension MailboxName {
    /// The wire name for a Unicode mailbox name: UTF-8 if the client enabled UTF8=ACCEPT or IMAP4rev2,
    /// modified UTF-7 otherwise.
    public static func wire(_ displayName: String, options: EncodingOptions) -> MailboxName {
        options.allowsUTF8 ? MailboxName(utf8: displayName) : MailboxName(encoding: displayName)
    }
}
