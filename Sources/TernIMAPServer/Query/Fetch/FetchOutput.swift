import NIOCore
import TernIMAP

/// Writes FETCH responses through `ResponseEncoder`, coalescing small pieces into one outbound write
/// (a FETCH FLAGS of thousands of messages is a few writes, not thousands) while large literal chunks
/// go to the outbound as they are, without copying.
enum FetchOutputLimits {
    /// Pending bytes are written once they reach this size.
    static let flushThreshold = 32 * 1024
    /// Literal chunks smaller than this are copied into the pending bytes; larger ones are written alone.
    static let copyLimit = 4 * 1024
}

struct FetchOutput<Outbound: IMAPOutbound> {

    private var encoder: ResponseEncoder
    private let outbound: Outbound
    /// Whether any byte of the current message's response has been produced (for error reporting).
    private(set) var messageStarted = false

    init(options: EncodingOptions, outbound: Outbound) {
        self.encoder = ResponseEncoder(options: options)
        self.outbound = outbound
    }

    mutating func encode(_ part: FetchStreamPart) throws(QueryError) {
        do {
            try encoder.encode(part)
        } catch {
            throw QueryError(.streamBroken, "FETCH encoding failed: \(error)")
        }
        switch part {
        case .begin: messageStarted = true
        case .end: messageStarted = false
        default: break
        }
    }

    /// Sends one piece of the literal announced by the last `.streamingBegin`.
    mutating func writeLiteralBytes(_ bytes: ByteBuffer) async throws {
        var bytes = bytes
        let count = bytes.readableBytes
        try encode(.streamingBytes(count: count))
        if count < FetchOutputLimits.copyLimit {
            encoder.buffer.bytes.writeBuffer(&bytes)
            try await flushIfNeeded()
        } else {
            try await flush()
            try await outbound.write(bytes)
        }
    }

    mutating func flushIfNeeded() async throws {
        if encoder.buffer.bytes.readableBytes >= FetchOutputLimits.flushThreshold { try await flush() }
    }

    mutating func flush() async throws {
        let pending = encoder.take()
        if pending.readableBytes > 0 { try await outbound.write(pending) }
    }
}
