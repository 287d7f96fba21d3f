import NIOConcurrencyHelpers

/// How many S3 requests of one `StorageRuntime` are waiting for their answer: sent, or queued inside the HTTP
/// client for one of the pool's connections, until the response head arrives. AsyncHTTPClient does not expose its
/// pool, so this is counted where Tern issues requests; past the pool's size the surplus is certainly waiting for a
/// connection (a lower bound of the waiters: a streamed body keeps its connection after its head).
public final class S3RequestGauge: Sendable {
    private let counts = NIOLockedValueBox(0)

    public init() {}

    /// Requests sent or queued, not yet answered.
    public var inFlight: Int { counts.withLockedValue { $0 } }

    /// Runs `request`, counted in flight until it returns or throws.
    func counting<Response>(_ request: () async throws -> Response) async throws -> Response {
        counts.withLockedValue { $0 += 1 }
        defer { counts.withLockedValue { $0 -= 1 } }
        return try await request()
    }
}
