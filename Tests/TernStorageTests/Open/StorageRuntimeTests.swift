import AsyncHTTPClient
import Logging
import NIOCore
import NIOConcurrencyHelpers
import ServiceLifecycle
import Testing

@testable import TernStorage

@Suite("StorageRuntime")
struct StorageRuntimeTests {
    static func s3Configuration(port: Int = 9) -> S3Configuration {
        S3Configuration(
            location: S3Location(bucket: "b", scheme: "http", host: "127.0.0.1", port: port, region: "us-east-1", style: .path),
            credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "s"))
    }

    @Test func twoRuntimesShareNoHTTPClientAndNoWatchHub() async throws {
        let one = try StorageRuntime()
        let other = try StorageRuntime()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        #expect(try one.s3HTTPClient() === (try one.s3HTTPClient()))
        #expect(try one.s3HTTPClient() !== (try other.s3HTTPClient()))

        let client = S3Client(configuration: Self.s3Configuration(), http: try one.s3HTTPClient())
        #expect(one.s3Watches.hub(for: client, rowRoot: "row/") === one.s3Watches.hub(for: client, rowRoot: "row/"))
        #expect(one.s3Watches.hub(for: client, rowRoot: "row/") !== other.s3Watches.hub(for: client, rowRoot: "row/"))

        let first = try await FileStore.open(path: directory.path + "/store", runtime: one)
        let second = try await FileStore.open(path: directory.path + "/store", runtime: one)
        let elsewhere = try await FileStore.open(path: directory.path + "/store", runtime: other)
        #expect(first.hub === second.hub)
        #expect(first.hub !== elsewhere.hub)

        await one.shutdown()
        await other.shutdown()
    }

    @Test func afterShutdownStorageSaysUnavailable() async throws {
        let runtime = try StorageRuntime()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: runtime)
        _ = try runtime.s3HTTPClient()

        // A waiter parked before shutdown is failed by it, not left hanging.
        let (parked, parking) = AsyncStream<Void>.makeStream()
        let waiter = Task {
            try await store.hub.wait(partition: "p", after: nil) {
                parking.yield()
                return false
            }
        }
        for await _ in parked { break }
        #expect(!runtime.isShutDown)
        await runtime.shutdown()
        #expect(runtime.isShutDown)
        // `satisfied` ran before parking: the waiter either parked and was failed, or found the hub
        // stopped when it tried to park; both end in `unavailable`.
        await #expect { try await waiter.value } throws: { ($0 as? StorageError)?.code == .unavailable }
        await #expect { try await store.waitForChange(partition: "p", after: nil) } throws: {
            ($0 as? StorageError)?.code == .unavailable
        }
        #expect { try runtime.s3HTTPClient() } throws: { ($0 as? StorageError)?.code == .unavailable }
        await runtime.shutdown()
    }

    /// In a service group the runtime stops last: a call a session started before graceful shutdown
    /// completes over the runtime's HTTP client, and only then is the client shut down.
    @Test func asFirstServiceItStopsAfterTheSessionsInFlightCallCompletes() async throws {
        let server = try await HeldResponseHTTPServer()
        // The response is held until this test has seen the shutdown signal; in a starved full run that
        // can take longer than the default 30 s read timeout, which would fail the call, not the rule.
        var pool = S3HTTPClientPool.Configuration()
        pool.readTimeout = .seconds(600)
        let runtime = try StorageRuntime(s3Pool: pool)
        let events = AsyncStream<SessionEvent>.makeStream()
        let session = InFlightSession(
            runtime: runtime, url: "http://127.0.0.1:\(server.port)/", events: events.continuation)
        var logger = Logger(label: "tern.storage.test")
        logger.logLevel = .critical
        let group = ServiceGroup(services: [runtime, session], logger: logger)

        try await withHangGuard("service group shutdown") {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for await _ in server.received { break }
                await group.triggerGracefulShutdown()
                var iterator = events.stream.makeAsyncIterator()
                // The session hears of the shutdown while its call is still in flight, storage is untouched.
                let first = await iterator.next()
                #expect(first == .shutdownSignalled(storageShutDown: false))
                server.release()
                #expect(await iterator.next() == .callEnded(succeeded: true, storageShutDown: false))
                try await tasks.waitForAll()
            }
        }
        #expect(runtime.isShutDown)
        await server.close()
    }
}

enum SessionEvent: Equatable, Sendable {
    case shutdownSignalled(storageShutDown: Bool)
    case callEnded(succeeded: Bool, storageShutDown: Bool)
}

/// Stands in for an IMAP session of a listener: one storage call in flight when shutdown begins. Reports
/// whether the runtime was already shut down at each step.
struct InFlightSession: Service {
    let runtime: StorageRuntime
    let url: String
    let events: AsyncStream<SessionEvent>.Continuation

    func run() async throws {
        let http = try runtime.s3HTTPClient()
        let succeeded = await withGracefulShutdownHandler {
            do {
                let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
                return response.status == .ok
            } catch {
                return false
            }
        } onGracefulShutdown: { [runtime, events] in
            events.yield(.shutdownSignalled(storageShutDown: runtime.isShutDown))
        }
        events.yield(.callEnded(succeeded: succeeded, storageShutDown: runtime.isShutDown))
        events.finish()
    }
}
