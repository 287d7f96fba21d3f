import Logging
import NIOCore
import TernIMAP

/// Encodes responses and writes them to the outbound, collecting the responses of one command into
/// one write (flushed early past `flushThreshold`, so memory stays bounded).
struct ResponseWriter {
    /// Output buffer capacity kept between commands.
    static let retainedCapacity = 4096
    private var encoder: ResponseEncoder
    /// Where bytes go; compressing once COMPRESS DEFLATE is active (`compress(with:)`).
    private(set) var outbound: any IMAPOutbound
    let flushThreshold: Int
    var logger: Logger
    /// The status of the last tagged response queued; the session clears it before each command (metrics).
    var lastTaggedStatus: StatusKind?

    init(outbound: any IMAPOutbound, flushThreshold: Int, logger: Logger) {
        self.encoder = ResponseEncoder()
        self.outbound = GuardedOutbound(base: outbound)
        self.flushThreshold = flushThreshold
        self.logger = logger
    }

    var options: EncodingOptions {
        get { encoder.options }
        set { encoder.options = newValue }
    }

    /// Queues a response; writes when enough has collected.
    mutating func send(_ response: Response) async throws {
        do {
            try encoder.encode(response)
        } catch {
            // A response the session's enabled extensions do not allow: a server bug, never the client's.
            logger.error("response not sent", metadata: ["error": "\(error)", "response": "\(response)"])
            return
        }
        if encoder.buffer.bytes.readableBytes >= flushThreshold { try await flush() }
    }

    mutating func untagged(_ response: UntaggedResponse) async throws {
        try await send(.untagged(response))
    }

    mutating func untagged(_ responses: [UntaggedResponse]) async throws {
        for response in responses { try await send(.untagged(response)) }
    }

    mutating func tagged(_ tag: Tag, _ status: StatusKind, _ code: ResponseCode? = nil, _ text: String) async throws {
        lastTaggedStatus = status
        try await send(.tagged(TaggedResponse(tag: tag, status: status, text: ResponseText(code: code, text: text))))
    }

    mutating func tagged(_ tag: Tag, _ status: StatusKind, _ text: String) async throws {
        try await tagged(tag, status, nil, text)
    }

    mutating func continuation(_ text: String) async throws {
        try await send(.continuation(.text(ResponseText(text: text))))
        try await flush()
    }

    /// From now on every write is compressed (COMPRESS DEFLATE); call after the tagged OK was flushed.
    mutating func compress(with deflater: RawDeflater) {
        outbound = GuardedOutbound(base: DeflatingOutbound(base: outbound, deflater: deflater))
    }

    /// Writes everything queued.
    mutating func flush() async throws {
        guard encoder.buffer.bytes.readableBytes > 0 else { return }
        let bytes = encoder.take()
        if encoder.buffer.bytes.capacity > Self.retainedCapacity {
            // Idle sessions must not keep a large output buffer alive (docs/architecture.md, "Idle sessions").
            encoder.buffer.bytes = ByteBuffer()
        }
        try await outbound.write(bytes)
    }
}

/// The client connection failed while writing: the session cannot continue.
struct ConnectionLost: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String { "connection lost: \(underlying)" }
}

/// Marks every write failure as `ConnectionLost`, so a handler's other errors can be told apart
/// (those become a tagged NO and the session goes on).
struct GuardedOutbound: IMAPOutbound {
    let base: any IMAPOutbound

    func write(_ bytes: ByteBuffer) async throws {
        do {
            try await base.write(bytes)
        } catch let error as ConnectionLost {
            throw error
        } catch {
            throw ConnectionLost(underlying: error)
        }
    }
}
