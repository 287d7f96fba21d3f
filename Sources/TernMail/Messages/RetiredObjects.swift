import NIOCore

/// One retirement row (`mbox/<m>/retired/<millis hex16>-<random hex16>`, sealed): blob keys of
/// this mailbox that nothing current names any more (records packed elsewhere, merged segments,
/// expunged messages) but that a reader may still have been told to read. They are deleted once
/// the row is older than `MailServiceConfiguration.retireGraceMillis`
/// (docs/internals/mail-storage.md, "Segment and object lifecycle").
/// Encoding: version(1)=1 count(4) [length(2) key]*.
enum RetiredObjects {
    static let encodingVersion: UInt8 = 1
    /// Keys per row: a row stays far below the 1 MiB row limit (keys are ~100 bytes) and a
    /// sweep holds one row at a time.
    static let maxKeysPerRow = 2_000

    static func encode(_ keys: ArraySlice<String>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(encodingVersion)
        buffer.writeInteger(UInt32(keys.count))
        for key in keys {
            let bytes = Array(key.utf8)
            buffer.writeInteger(UInt16(truncatingIfNeeded: bytes.count))
            buffer.writeBytes(bytes)
        }
        return buffer
    }

    static func decode(_ bytes: ByteBuffer) throws(MailError) -> [String] {
        var buffer = bytes
        guard buffer.readInteger(as: UInt8.self) == encodingVersion, let count = buffer.readInteger(as: UInt32.self),
            count <= UInt32(maxKeysPerRow)
        else { throw MailError(.unavailable, "retirement row is malformed") }
        var keys: [String] = []
        keys.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: UInt16.self), let key = buffer.readString(length: Int(length)) else {
                throw MailError(.unavailable, "retirement row is malformed")
            }
            keys.append(key)
        }
        guard buffer.readableBytes == 0 else { throw MailError(.unavailable, "retirement row is malformed") }
        return keys
    }

    /// The row's retirement time: the millisecond prefix of its sort key (nil: not Tern's shape).
    static func retiredMillis(sortKey: String) -> UInt64? {
        let bytes = Array(sortKey.utf8)
        guard bytes.count == 33, bytes[16] == UInt8(ascii: "-") else { return nil }
        return MailboxLogKeys.parseHex16(bytes[0..<16])
    }
}
