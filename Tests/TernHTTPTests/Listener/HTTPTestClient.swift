import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TernHTTP

/// Runs an `HTTPListener` on a loopback port for the length of `body`, then shuts it down gracefully.
func withListener<Result: Sendable>(
    _ routes: HTTPRoutes, limits: HTTPListener.Limits = .init(connectionTimeout: .seconds(120)),
    _ body: (_ port: Int) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "test")
    let listener = HTTPListener(host: "127.0.0.1", port: 0, routes: routes, limits: limits, logger: logger)
    let group = ServiceGroup(services: [listener], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            guard let port = await listener.boundAddress()?.port else {
                throw ChannelError.inappropriateOperationForState
            }
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}

/// A raw HTTP/1.1 exchange over a real socket: writes `request` byte for byte (the recorded shape of a client's
/// request), reads until the server closes.
func exchange(_ request: String, port: Int) async throws -> String {
    let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await client.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(string: request))
        var response = ""
        for try await chunk in inbound {
            response += String(buffer: chunk)
            if response.utf8.count > 1 << 20 { break }
        }
        return response
    }
}

func get(_ path: String, port: Int) async throws -> String {
    try await exchange("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
}

/// Status line, headers (lower-cased names) and body of a response.
struct ParsedResponse {
    var status: Int
    var headers: [String: String]
    var body: String

    init(_ text: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first?.components(separatedBy: "\r\n") ?? []
        status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        self.headers = headers
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
    }
}
