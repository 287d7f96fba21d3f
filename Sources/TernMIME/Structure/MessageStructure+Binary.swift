/// A compact, versioned binary encoding of `MessageStructure` (it is stored encrypted next to each
/// message, so it should be small): unsigned LEB128 integers, length-prefixed byte strings, one
/// presence bitmap per part. Decoding validates everything and never traps on corrupt input.
extension MessageStructure {
    static let binaryVersion: UInt8 = 1

    /// Encodes the structure; `MessageStructure(binary:)` reverses it.
    public func binaryEncoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.bytes.append(Self.binaryVersion)
        writer.varint(size)
        if let degradation {
            writer.bytes.append(degradation.code.rawValue)
            writer.varint(degradation.offset)
        } else {
            writer.bytes.append(0)
        }
        writer.part(root)
        return writer.bytes
    }

    public init(binary: some Collection<UInt8>) throws(MIMEStructureDecodingError) {
        // Read in place when the bytes are contiguous (a ByteBuffer's view, an Array): no copy of the record.
        let decoded =
            binary.withContiguousStorageIfAvailable { Self.decode($0) }
            ?? Array(binary).withUnsafeBufferPointer { Self.decode($0) }
        self = try decoded.get()
    }

    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Result<MessageStructure, MIMEStructureDecodingError> {
        do throws(MIMEStructureDecodingError) {
            var reader = BinaryReader(bytes: bytes)
            guard try reader.byte() == Self.binaryVersion else {
                throw MIMEStructureDecodingError(code: .unsupportedVersion, offset: 0)
            }
            let size = try reader.varint()
            let code = try reader.byte()
            var degradation: MIMEScanLimitHit?
            if code != 0 {
                degradation = MIMEScanLimitHit(code: .init(rawValue: code), offset: try reader.varint())
            }
            let root = try reader.part(depth: 0)
            guard reader.position == reader.bytes.count else {
                throw MIMEStructureDecodingError(code: .trailingBytes, offset: reader.position)
            }
            return .success(MessageStructure(root: root, size: size, degradation: degradation))
        } catch {
            return .failure(error)
        }
    }
}

/// Error decoding a stored `MessageStructure`.
public struct MIMEStructureDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, RawRepresentable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let truncated = Code(rawValue: "truncated")
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        public static let invalidValue = Code(rawValue: "invalidValue")
        public static let trailingBytes = Code(rawValue: "trailingBytes")
    }
    public var code: Code
    public var offset: Int
    public var description: String { "MessageStructure decoding failed: \(code.rawValue) at byte \(offset)" }
}

private struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: Int) {
        var v = UInt64(max(0, value))
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func string(_ value: [UInt8]) {
        varint(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func list(_ values: [[UInt8]]) {
        varint(values.count)
        for v in values { string(v) }
    }

    mutating func parameters(_ params: [MIMEParameter]) {
        varint(params.count)
        for p in params {
            string(p.name)
            string(p.value)
        }
    }

    mutating func part(_ part: MIMEPart) {
        bytes.append(part.kind.rawValue)
        varint(part.headerOffset)
        varint(part.headerSize)
        varint(part.headerLines)
        varint(part.headerBareLFs)
        varint(part.bodySize)
        varint(part.bodyLines)
        varint(part.bodyBareLFs)
        let c = part.content
        let fields: [[UInt8]?] = [c.type, c.subtype, c.id, c.description, c.transferEncoding, c.disposition, c.location, c.md5]
        let envelope = part.envelope
        let envelopeStrings: [[UInt8]?] = [envelope?.date, envelope?.subject, envelope?.inReplyTo, envelope?.messageID]
        let envelopeLists: [[[UInt8]]?] = [
            envelope?.from, envelope?.sender, envelope?.replyTo, envelope?.to, envelope?.cc, envelope?.bcc,
        ]
        var mask: UInt32 = 0
        for (i, f) in fields.enumerated() where f != nil { mask |= 1 << UInt32(i) }
        if c.language != nil { mask |= 1 << 8 }
        if envelope != nil { mask |= 1 << 9 }
        for (i, f) in envelopeStrings.enumerated() where f != nil { mask |= 1 << UInt32(10 + i) }
        for (i, f) in envelopeLists.enumerated() where f != nil { mask |= 1 << UInt32(14 + i) }
        if c.lastTransferEncodingToken != nil { mask |= 1 << 20 }
        varint(Int(mask))
        for f in fields { if let f { string(f) } }
        if let token = c.lastTransferEncodingToken { string(token) }
        parameters(c.parameters)
        parameters(c.dispositionParameters)
        if let language = c.language { list(language) }
        for f in envelopeStrings { if let f { string(f) } }
        for f in envelopeLists { if let f { list(f) } }
        varint(part.children.count)
        for child in part.children { self.part(child) }
    }
}

/// Reads the encoding from bytes borrowed for the duration of one decode. Fields are read in
/// encoding order straight into the part (no scratch arrays): a FETCH decodes one of these per message.
private struct BinaryReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    // Bounds for corrupt input: nothing a real structure can exceed.
    static let maxDepth = MIMEScanLimits.depthCeiling + 1
    static let maxCount = 1 << 24

    mutating func byte() throws(MIMEStructureDecodingError) -> UInt8 {
        guard position < bytes.count else { throw MIMEStructureDecodingError(code: .truncated, offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(MIMEStructureDecodingError) -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 63 else { throw MIMEStructureDecodingError(code: .invalidValue, offset: position) }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        guard result <= UInt64(Int.max) else { throw MIMEStructureDecodingError(code: .invalidValue, offset: position) }
        return Int(result)
    }

    mutating func count() throws(MIMEStructureDecodingError) -> Int {
        let n = try varint()
        guard n <= Self.maxCount, n <= bytes.count - position else {
            throw MIMEStructureDecodingError(code: .invalidValue, offset: position)
        }
        return n
    }

    mutating func string() throws(MIMEStructureDecodingError) -> [UInt8] {
        let n = try count()
        defer { position += n }
        return Array(UnsafeBufferPointer(rebasing: bytes[position..<position + n]))
    }

    /// The next string when `present`, else nil (nothing read).
    mutating func string(if present: Bool) throws(MIMEStructureDecodingError) -> [UInt8]? {
        present ? try string() : nil
    }

    mutating func list(if present: Bool) throws(MIMEStructureDecodingError) -> [[UInt8]]? {
        guard present else { return nil }
        let n = try count()
        var out: [[UInt8]] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    mutating func parameters() throws(MIMEStructureDecodingError) -> [MIMEParameter] {
        let n = try count()
        guard n > 0 else { return [] }
        var out: [MIMEParameter] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(MIMEParameter(name: try string(), value: try string())) }
        return out
    }

    mutating func part(depth: Int) throws(MIMEStructureDecodingError) -> MIMEPart {
        guard depth < Self.maxDepth else { throw MIMEStructureDecodingError(code: .invalidValue, offset: position) }
        guard let kind = MIMEPart.Kind(rawValue: try byte()) else {
            throw MIMEStructureDecodingError(code: .invalidValue, offset: position)
        }
        var part = MIMEPart(kind: kind)
        part.headerOffset = try varint()
        part.headerSize = try varint()
        part.headerLines = try varint()
        part.headerBareLFs = try varint()
        part.bodySize = try varint()
        part.bodyLines = try varint()
        part.bodyBareLFs = try varint()
        let mask = try varint()
        func has(_ bit: Int) -> Bool { mask & (1 << bit) != 0 }
        // The order below is the writer's: bits 0-7 content fields, 20 the last encoding token,
        // parameters, disposition parameters, 8 language, 10-13 envelope strings, 14-19 address lists.
        var content = ContentFields()
        content.type = try string(if: has(0))
        content.subtype = try string(if: has(1))
        content.id = try string(if: has(2))
        content.description = try string(if: has(3))
        content.transferEncoding = try string(if: has(4))
        content.disposition = try string(if: has(5))
        content.location = try string(if: has(6))
        content.md5 = try string(if: has(7))
        content.lastTransferEncodingToken = try string(if: has(20))
        content.parameters = try parameters()
        content.dispositionParameters = try parameters()
        content.language = try list(if: has(8))
        part.content = content
        var envelope = EnvelopeFields()
        envelope.date = try string(if: has(10))
        envelope.subject = try string(if: has(11))
        envelope.inReplyTo = try string(if: has(12))
        envelope.messageID = try string(if: has(13))
        envelope.from = try list(if: has(14))
        envelope.sender = try list(if: has(15))
        envelope.replyTo = try list(if: has(16))
        envelope.to = try list(if: has(17))
        envelope.cc = try list(if: has(18))
        envelope.bcc = try list(if: has(19))
        if has(9) { part.envelope = envelope }
        let childCount = try count()
        if childCount > 0 {
            part.children.reserveCapacity(childCount)
            for _ in 0..<childCount { part.children.append(try self.part(depth: depth + 1)) }
        }
        return part
    }
}
