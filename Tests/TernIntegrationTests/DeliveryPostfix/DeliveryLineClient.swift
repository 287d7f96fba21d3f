import NIOCore
import NIOPosix

/// A line-oriented test client for SMTP: raw writes, CRLF replies read line by line or as whole SMTP replies.
/// Lives inside `connect(to:_:)`, which closes the connection when the body returns.
final class DeliveryLineClient {
    struct Reply: CustomStringConvertible {
        var code: Int
        var lines: [String]
        var description: String { lines.joined(separator: " | ") }
    }

    struct Closed: Error {}

    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()

    static func connect<Result>(
        host: String,
        port: Int,
        _ body: (DeliveryLineClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(DeliveryLineClient(inbound: inbound.makeAsyncIterator(), outbound: outbound))
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound
        self.outbound = outbound
    }

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    func write(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// One line without CRLF, or nil when the server closed first.
    func readLine() async throws -> String? {
        while true {
            if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer.readString(length: newline - buffer.readerIndex) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                return line
            }
            guard var more = try await inbound.next() else { return nil }
            buffer.writeBuffer(&more)
        }
    }

    /// One SMTP reply (all its `NNN-` lines and the final `NNN ` line).
    func readReply() async throws -> Reply {
        var lines: [String] = []
        while let line = try await readLine() {
            lines.append(line)
            let bytes = Array(line.utf8)
            if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") {
                return Reply(code: Int(line.prefix(3)) ?? 0, lines: lines)
            }
        }
        throw Closed()
    }

    /// Sends `command` (CRLF added) and returns the reply.
    func command(_ command: String) async throws -> Reply {
        try await write(command + "\r\n")
        return try await readReply()
    }
}
