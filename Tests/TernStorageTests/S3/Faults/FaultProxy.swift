import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP proxy in front of an S3 server that injects the faults a `FaultScript` asks
/// for: error bursts, latency, connections reset mid-body, short or corrupted bodies, responses
/// lost after the request was carried out. Requests are forwarded with their headers (Host
/// included, so SigV4 signatures still verify upstream) through AsyncHTTPClient.
final class FaultProxy: Sendable {
    let port: Int
    let script: FaultScript
    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>

    private init(port: Int, script: FaultScript, serverChannel: any Channel, acceptTask: Task<Void, Never>) {
        self.port = port
        self.script = script
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
    }

    static func start(upstreamPort: Int, script: FaultScript = FaultScript()) async throws -> FaultProxy {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            throw StorageErrorForTests("fault proxy has no port")
        }
        let serverChannel = server.channel
        let acceptTask = Task {
            do {
                try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask {
                            await Self.serve(connection, upstreamPort: upstreamPort, script: script)
                        }
                    }
                }
                }
            } catch {
                // The listener was closed (stop()).
            }
        }
        return FaultProxy(port: port, script: script, serverChannel: serverChannel, acceptTask: acceptTask)
    }

    func stop() async {
        try? await serverChannel.close()
        acceptTask.cancel()
        _ = await acceptTask.value
    }

    private struct Reset: Error {}

    private static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "te", "upgrade"]

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        upstreamPort: Int,
        script: FaultScript
    ) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let requestHead = head else { continue }
                        try await handle(requestHead, body: body, upstreamPort: upstreamPort, script: script, outbound: outbound)
                    }
                }
            }
        } catch is Reset {
            // SO_LINGER 0 makes close() send RST instead of FIN: a reset, as a crashed peer or middlebox would.
            if let socket = channel as? any SocketOptionProvider {
                try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try? await channel.close()
        } catch {
            try? await channel.close()
        }
    }

    private static func handle(
        _ head: HTTPRequestHead,
        body: ByteBuffer,
        upstreamPort: Int,
        script: FaultScript,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let fault = script.decide(method: head.method, uri: head.uri, headers: head.headers)
        switch fault {
        case .status(let code):
            let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InjectedFault</Code><Message>fault proxy answered \(code)</Message></Error>"
            var headers = HTTPHeaders([("content-type", "application/xml"), ("content-length", String(xml.utf8.count))])
            if head.method == .HEAD { headers.replaceOrAdd(name: "content-length", value: "0") }
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: code), headers: headers)))
            if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: xml)))) }
            try await outbound.write(.end(nil))
            return
        case .delay(let duration):
            try await Task.sleep(for: duration)
        default:
            break
        }

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(upstreamPort)\(head.uri)")
        request.method = head.method
        for (name, value) in head.headers where !hopByHop.contains(name.lowercased()) {
            request.headers.add(name: name, value: value)
        }
        if head.method == .PUT || head.method == .POST || body.readableBytes > 0 {
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        var responseBody = try await response.body.collect(upTo: 256 << 20)

        if fault == .dropResponse { throw Reset() }
        var headers = HTTPHeaders()
        for (name, value) in response.headers where !hopByHop.contains(name.lowercased()) {
            headers.add(name: name, value: value)
        }
        switch fault {
        case .shortenBody(let cut):
            responseBody = responseBody.getSlice(at: responseBody.readerIndex, length: max(0, responseBody.readableBytes - cut)) ?? ByteBuffer()
        case .corruptBody(let offset) where offset < responseBody.readableBytes:
            let index = responseBody.readerIndex + offset
            if let byte = responseBody.getInteger(at: index, as: UInt8.self) {
                responseBody.setInteger(byte ^ 0x01, at: index)
            }
        default:
            break
        }
        let length = head.method == .HEAD ? (response.headers.first(name: "content-length") ?? "0") : String(responseBody.readableBytes)
        headers.add(name: "content-length", value: length)
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)))
        if case .resetAfterBodyBytes(let count) = fault {
            if let slice = responseBody.getSlice(at: responseBody.readerIndex, length: min(count, responseBody.readableBytes)),
                slice.readableBytes > 0
            {
                try await outbound.write(.body(.byteBuffer(slice)))
            }
            throw Reset()
        }
        if head.method != .HEAD && responseBody.readableBytes > 0 {
            try await outbound.write(.body(.byteBuffer(responseBody)))
        }
        try await outbound.write(.end(nil))
    }
}

struct StorageErrorForTests: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
