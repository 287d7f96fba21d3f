import NIOCore

extension EncodeBuffer {
    /// `astring`: the remembered form when it can carry the bytes, else atom when every byte allows it, else
    /// quoted, else literal (see `StringForm.choose`).
    public mutating func writeAString(_ string: ByteString) {
        writeString(string.bytes, form: string.form, allowAtom: true)
    }

    public mutating func writeAString(_ string: String) {
        writeString(Array(string.utf8), form: nil, allowAtom: true)
    }

    /// `string`: the remembered form when it can carry the bytes, else quoted, else literal.
    public mutating func writeIMAPString(_ string: ByteString) {
        writeString(string.bytes, form: string.form, allowAtom: false)
    }

    public mutating func writeIMAPString(_ string: String) {
        writeString(Array(string.utf8), form: nil, allowAtom: false)
    }

    public mutating func writeIMAPString(_ string: ByteBuffer) {
        writeString(string.readableBytesView, form: nil, allowAtom: false)
    }

    /// `nstring`: `NIL` or a string.
    public mutating func writeNString(_ string: ByteString?) {
        guard let string else { return writeNil() }
        writeIMAPString(string)
    }

    public mutating func writeNString(_ string: String?) {
        guard let string else { return writeNil() }
        writeIMAPString(string)
    }

    public mutating func writeNString(_ string: ByteBuffer?) {
        guard let string else { return writeNil() }
        writeIMAPString(string)
    }

    /// Writes `string` in `form` if given and able to carry it, otherwise in the form the rules choose.
    public mutating func writeString<Bytes: Collection>(
        _ string: Bytes,
        form: StringForm?,
        allowAtom: Bool
    ) where Bytes.Element == UInt8 {
        let chosen: StringForm
        if let form, form.canCarry(string, allowAtom: allowAtom, options: options) {
            chosen = form
        } else {
            chosen = StringForm.choose(for: string, allowAtom: allowAtom, options: options)
        }
        switch chosen {
        case .atom:
            bytes.writeBytes(string)
        case .quoted:
            writeQuoted(string)
        case .literal:
            writeLiteral(string)
        case .nonSynchronizingLiteral where role == .server:
            // `{N+}` exists only in commands (RFC 7888).
            writeLiteral(string)
        case .nonSynchronizingLiteral:
            bytes.writeInteger(UInt8(ascii: "{"))
            writeNumber(string.count)
            bytes.writeStaticString("+}\r\n")
            bytes.writeBytes(string)
        }
    }

    /// `quoted`: `"` ... `"` with `"` and `\` escaped. The caller ensures no CR, LF or NUL (see `StringForm`).
    public mutating func writeQuoted<Bytes: Collection>(_ string: Bytes) where Bytes.Element == UInt8 {
        bytes.writeInteger(UInt8(ascii: "\""))
        for byte in string {
            if IMAPCharacterClass.isQuotedSpecial(byte) {
                bytes.writeInteger(UInt8(ascii: "\\"))
            }
            bytes.writeInteger(byte)
        }
        bytes.writeInteger(UInt8(ascii: "\""))
    }

    public mutating func writeQuoted(_ string: String) {
        writeQuoted(string.utf8)
    }

    /// `literal`: `{N}\r\n` followed by the bytes.
    public mutating func writeLiteral<Bytes: Collection>(_ string: Bytes) where Bytes.Element == UInt8 {
        writeLiteralHeader(byteCount: string.count, binary: false)
        bytes.writeBytes(string)
    }

    /// `literal8` (RFC 3516): `~{N}\r\n` followed by the bytes, which may include NUL.
    public mutating func writeLiteral8<Bytes: Collection>(_ string: Bytes) where Bytes.Element == UInt8 {
        writeLiteralHeader(byteCount: string.count, binary: true)
        bytes.writeBytes(string)
    }

    /// Writes only the announcement of a literal whose `byteCount` bytes the caller sends next, unchanged.
    /// A server always writes `{N}`; a client follows `options.literalAnnouncement` and records a boundary for
    /// each synchronizing literal (see `synchronizingLiteralBoundaries`).
    public mutating func writeLiteralHeader(byteCount: Int, binary: Bool) {
        if binary { bytes.writeInteger(UInt8(ascii: "~")) }
        bytes.writeInteger(UInt8(ascii: "{"))
        writeNumber(byteCount)
        guard role == .client else {
            bytes.writeStaticString("}\r\n")
            return
        }
        let nonSynchronizing: Bool
        switch options.literalAnnouncement {
        case .synchronizing: nonSynchronizing = false
        case .nonSynchronizing: nonSynchronizing = true
        case .nonSynchronizingUpTo4096: nonSynchronizing = byteCount <= 4096
        }
        if nonSynchronizing {
            bytes.writeStaticString("+}\r\n")
        } else {
            bytes.writeStaticString("}\r\n")
            markSynchronizingLiteralBoundary()
        }
    }
}
