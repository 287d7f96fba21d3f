import NIOCore
import NIOPosix

/// A byte-level test client: writes raw bytes, reads LF-terminated lines or everything until the server closes.
/// Lives inside `LoopbackClient.connect(to:_:)`, which closes the connection when the body returns.
public final class LoopbackClient {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()

    public static func connect<Result>(
        to address: SocketAddress,
        _ body: (LoopbackClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(LoopbackClient(inbound: inbound.makeAsyncIterator(), outbound: outbound))
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound
        self.outbound = outbound
    }

    public func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// The next line without its LF (a CR before it kept), or nil when the server closed first.
    public func readLine() async throws -> String? {
        while true {
            if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer.readString(length: newline - buffer.readerIndex) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                return line
            }
            guard var more = try await inbound.next() else { return nil }
            buffer.writeBuffer(&more)
        }
    }

    /// `count` lines (nil entries if the server closes early).
    public func readLines(_ count: Int) async throws -> [String?] {
        var lines: [String?] = []
        for _ in 0..<count { lines.append(try await readLine()) }
        return lines
    }

    /// Reads until the server closes the connection (unread lines are dropped); true once it has.
    public func isClosedByServer() async -> Bool {
        do {
            while var more = try await inbound.next() { buffer.writeBuffer(&more) }
        } catch {}
        return true
    }
}
