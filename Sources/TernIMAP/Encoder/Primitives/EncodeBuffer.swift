import NIOCore

/// Bytes on their way to the wire, with the session options that decide how strings are written.
///
/// The grammar encoders (commands and responses) write through the primitives in this folder so that every
/// string-form decision is made in one place (`StringForm`).
public struct EncodeBuffer: Sendable {
    /// Who writes: a server's literals never wait for a continuation, a client's may.
    public enum Role: Sendable, Hashable {
        case client
        case server
    }

    public var bytes: ByteBuffer
    public var options: EncodingOptions
    public let role: Role
    /// Writer offsets just past each synchronizing literal announcement (`{N}\r\n`) a client wrote. The client
    /// must stop there and wait for the server's `+` continuation before sending the rest. Always empty for a server.
    public private(set) var synchronizingLiteralBoundaries: [Int] = []

    public init(role: Role, options: EncodingOptions = .rfc3501, bytes: ByteBuffer = ByteBuffer()) {
        self.role = role
        self.bytes = bytes
        self.options = options
    }

    /// Removes and returns everything written so far, with the synchronizing-literal boundaries relative to
    /// the returned buffer's reader index.
    public mutating func take() -> (bytes: ByteBuffer, synchronizingLiteralBoundaries: [Int]) {
        let start = bytes.readerIndex
        let taken = bytes.readSlice(length: bytes.readableBytes) ?? ByteBuffer()
        let boundaries = synchronizingLiteralBoundaries.map { $0 - start }
        synchronizingLiteralBoundaries.removeAll(keepingCapacity: true)
        bytes.clear()
        return (taken, boundaries)
    }

    /// Splits `take()` at synchronizing literals: the caller sends one chunk, waits for `+`, sends the next.
    public mutating func takeChunks() -> [ByteBuffer] {
        var (all, boundaries) = take()
        var chunks: [ByteBuffer] = []
        chunks.reserveCapacity(boundaries.count + 1)
        var consumed = 0
        for boundary in boundaries {
            if let chunk = all.readSlice(length: boundary - consumed) {
                chunks.append(chunk)
                consumed = boundary
            }
        }
        if all.readableBytes > 0 || chunks.isEmpty {
            chunks.append(all)
        }
        return chunks
    }

    mutating func markSynchronizingLiteralBoundary() {
        synchronizingLiteralBoundaries.append(bytes.writerIndex)
    }
}

// MARK: - Tokens

extension EncodeBuffer {
    public mutating func writeSpace() { bytes.writeInteger(UInt8(ascii: " ")) }

    public mutating func writeCRLF() { bytes.writeStaticString("\r\n") }

    /// Writes fixed grammar text (keywords, punctuation). Callers pass only grammar constants.
    public mutating func writeStatic(_ text: StaticString) { bytes.writeStaticString(text) }

    /// Writes text that the caller knows to be valid where it goes (an atom, a flag, a keyword from a typed value).
    public mutating func writeRaw(_ text: String) { bytes.writeString(text) }

    public mutating func writeRaw(_ raw: ByteBuffer) {
        var raw = raw
        bytes.writeBuffer(&raw)
    }

    public mutating func writeRaw<Bytes: Sequence>(bytes raw: Bytes) where Bytes.Element == UInt8 {
        bytes.writeBytes(raw)
    }

    public mutating func writeNumber<N: BinaryInteger>(_ number: N) {
        bytes.writeString(String(number))
    }

    public mutating func writeNil() { bytes.writeStaticString("NIL") }

    /// Writes a parenthesised, space-separated list: `(a b c)`; `()` when empty.
    public mutating func writeList<Items: Sequence>(
        _ items: Items,
        _ writeItem: (inout EncodeBuffer, Items.Element) -> Void
    ) {
        bytes.writeInteger(UInt8(ascii: "("))
        writeSpaceSeparated(items, writeItem)
        bytes.writeInteger(UInt8(ascii: ")"))
    }

    /// Writes items separated by single spaces, without parentheses.
    public mutating func writeSpaceSeparated<Items: Sequence>(
        _ items: Items,
        _ writeItem: (inout EncodeBuffer, Items.Element) -> Void
    ) {
        var first = true
        for item in items {
            if !first { writeSpace() }
            first = false
            writeItem(&self, item)
        }
    }
}
