import NIOCore

/// Where packed metadata lives: for each message, the segment blob and the byte range of its
/// record. One sealed catalog row per segment (`mbox/<m>/segs/<segment>`):
/// version(1) count(4) [messageID(16) offset(8) length(4)]*.
struct SegmentCatalog: Sendable {
    struct Location: Hashable, Sendable {
        let segment: String
        let offset: Int
        let length: Int
    }

    struct Entry: Hashable, Sendable {
        let messageID: MessageID
        let offset: Int
        let length: Int
    }

    static let encodingVersion: UInt8 = 1
    static let entryBytes = 28

    private(set) var locations: [MessageID: Location] = [:]
    private(set) var segments: [String] = []

    /// Adds one segment's entries; segments added later (newer names) win for a message.
    mutating func add(segment: String, entries: [Entry]) {
        segments.append(segment)
        for entry in entries {
            locations[entry.messageID] = Location(segment: segment, offset: entry.offset, length: entry.length)
        }
    }

    static func encode(_ entries: [Entry]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(5 + entries.count * entryBytes)
        buffer.writeInteger(encodingVersion)
        buffer.writeInteger(UInt32(entries.count))
        for entry in entries {
            buffer.writeInteger(entry.messageID.high)
            buffer.writeInteger(entry.messageID.low)
            buffer.writeInteger(UInt64(entry.offset))
            buffer.writeInteger(UInt32(entry.length))
        }
        return buffer
    }

    static func decode(_ bytes: ByteBuffer) throws(MailError) -> [Entry] {
        var buffer = bytes
        guard buffer.readInteger(as: UInt8.self) == encodingVersion, let count = buffer.readInteger(as: UInt32.self),
            buffer.readableBytes == Int(count) * entryBytes
        else { throw MailError(.unavailable, "metadata segment catalog is malformed") }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let high = buffer.readInteger(as: UInt64.self), let low = buffer.readInteger(as: UInt64.self),
                let offset = buffer.readInteger(as: UInt64.self), let length = buffer.readInteger(as: UInt32.self),
                offset <= UInt64(Int.max)
            else { throw MailError(.unavailable, "metadata segment catalog is malformed") }
            entries.append(Entry(messageID: MessageID(high: high, low: low), offset: Int(offset), length: Int(length)))
        }
        return entries
    }
}
