import NIOCore

/// A blob store that counts every operation, its latency and the bytes moved (`StorageMetrics`), then does what
/// `base` does. A `get` is timed until its response is in (its body is paced by the reader); the body's bytes are
/// counted as the reader takes them.
public struct InstrumentedBlobStore: BlobStore {
    public let base: any BlobStore
    public let metrics: StorageMetrics

    public init(_ base: any BlobStore, metrics: StorageMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public var capabilities: StorageCapabilities { base.capabilities }

    public func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await metrics.measure(.blobs, .put) {
            try await base.put(key, body: body, length: length, condition: condition)
        }
        metrics.wrote(length, to: .blobs)
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        var read = try await metrics.measure(.blobs, .get) { try await base.get(key, range: range) }
        let body = read.body
        let metrics = self.metrics
        read.body = BlobByteStream(makeNext: {
            let box = BlobByteStreamIteratorBox(body.makeAsyncIterator())
            return {
                let chunk = try await box.next()
                metrics.read(chunk?.readableBytes ?? 0, from: .blobs)
                return chunk
            }
        })
        return read
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        let start = ContinuousClock.now
        let info: BlobInfo?
        do {
            info = try await base.head(key)
        } catch {
            metrics.record(.blobs, .head, StorageMetrics.Result(error), duration: ContinuousClock.now - start)
            throw error
        }
        metrics.record(.blobs, .head, info == nil ? .notFound : .ok, duration: ContinuousClock.now - start)
        return info
    }

    public func copy(from source: String, to destination: String) async throws {
        try await metrics.measure(.blobs, .copy) { try await base.copy(from: source, to: destination) }
    }

    public func delete(_ key: String) async throws {
        try await metrics.measure(.blobs, .delete) { try await base.delete(key) }
    }

    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await metrics.measure(.blobs, .list) {
            try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
        }
    }
}

/// Holds a body's iterator for the closure `BlobByteStream` calls (one reader at a time, as with any iterator).
private final class BlobByteStreamIteratorBox {
    private var base: BlobByteStream.AsyncIterator
    init(_ base: BlobByteStream.AsyncIterator) { self.base = base }
    func next() async throws -> ByteBuffer? { try await base.next() }
}
