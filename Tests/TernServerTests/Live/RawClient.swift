import NIOCore
import NIOPosix

/// A byte-level client for attacking a listener: connects from a chosen loopback source address (127.0.0.2 is
/// "another host" on Linux), writes raw bytes, reads lines, and tells whether the server closed within a bound.
final class RawClient: @unchecked Sendable {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()
    private var closed = false
    /// Lines `closedByServer` read while waiting for the close (a BYE, say).
    private(set) var linesBeforeClose: [String] = []

    /// Connects from `source` to 127.0.0.1:`port`, runs `body`, closes.
    static func session<Result: Sendable>(
        port: Int, from source: String = "127.0.0.1", _ body: (RawClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: source, port: 0))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = channel.channel
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawClient(channel: raw, inbound: inbound.makeAsyncIterator(), outbound: outbound))
        }
    }

    private init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
    }

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// The next line without CR LF, or nil when the server closed first.
    func readLine() async throws -> String? {
        while true {
            if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer.readString(length: newline - buffer.readerIndex) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                return line
            }
            guard !closed, var more = try await inbound.next() else {
                closed = true
                return nil
            }
            buffer.writeBuffer(&more)
        }
    }

    /// Lines up to and including the one starting with `tag ` (or up to a close).
    func response(_ tag: String) async throws -> [String] {
        var lines: [String] = []
        while let line = try await readLine() {
            lines.append(line)
            if line.hasPrefix(tag + " ") { break }
        }
        return lines
    }

    /// Sends `tag command` and returns the lines up to the tagged one.
    func command(_ tag: String, _ text: String) async throws -> [String] {
        try await write("\(tag) \(text)\r\n")
        return try await response(tag)
    }

    /// Reads (and keeps) everything until the server closes; true if that happened within `bound`.
    func closedByServer(within bound: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    while let line = try await self.readLine() { self.linesBeforeClose.append(line) }
                } catch {}
                return true
            }
            group.addTask {
                try? await Task.sleep(for: bound)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { self.channel.close(promise: nil) }
            return first
        }
    }

}
