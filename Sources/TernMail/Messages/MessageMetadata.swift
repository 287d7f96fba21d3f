import NIOCore
import TernMIME

/// What Tern stores about a message besides its body: the MIME structure (offsets, envelope,
/// content fields) and the top-level header block, so FETCH ENVELOPE / BODYSTRUCTURE /
/// BODY[HEADER...] never touch the message blob.
public struct MessageMetadata: Sendable, Hashable {
    public let structure: MessageStructure
    /// The message's header (including the blank line); nil when longer than 64 KiB (then read
    /// it from the body).
    public let headerBlock: ByteBuffer?

    public init(structure: MessageStructure, headerBlock: ByteBuffer?) {
        self.structure = structure
        self.headerBlock = headerBlock
    }

    static let encodingVersion: UInt8 = 1
    /// Bound on one encoded record (structure limits bound it far below).
    static let maxEncodedBytes = 16 * 1024 * 1024

    /// version(1) structureLength(4) structure headerLength(4, 0xFFFFFFFF = none) header.
    func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.encodingVersion)
        let structureBytes = structure.binaryEncoded()
        buffer.writeInteger(UInt32(structureBytes.count))
        buffer.writeBytes(structureBytes)
        if let headerBlock {
            buffer.writeInteger(UInt32(headerBlock.readableBytes))
            buffer.writeImmutableBuffer(headerBlock)
        } else {
            buffer.writeInteger(UInt32.max)
        }
        return buffer
    }

    static func decode(_ bytes: ByteBuffer) throws(MailError) -> MessageMetadata {
        var buffer = bytes
        guard buffer.readInteger(as: UInt8.self) == encodingVersion,
            let structureLength = buffer.readInteger(as: UInt32.self),
            let structureBytes = buffer.readSlice(length: Int(structureLength)),
            let headerLength = buffer.readInteger(as: UInt32.self)
        else { throw MailError(.unavailable, "metadata record is malformed") }
        let structure: MessageStructure
        do {
            structure = try MessageStructure(binary: structureBytes)
        } catch {
            throw MailError(.unavailable, "metadata record: \(error)")
        }
        var header: ByteBuffer?
        if headerLength != UInt32.max {
            guard let slice = buffer.readSlice(length: Int(headerLength)) else {
                throw MailError(.unavailable, "metadata record header ends early")
            }
            header = slice
        }
        guard buffer.readableBytes == 0 else { throw MailError(.unavailable, "trailing bytes in metadata record") }
        return MessageMetadata(structure: structure, headerBlock: header)
    }
}
