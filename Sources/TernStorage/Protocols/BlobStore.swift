import NIOCore

/// Immutable objects addressed by opaque keys (`StorageKey.validateBlobKey`): sealed messages,
/// checkpoints, metadata segments. See docs/internals/storage.md.
///
/// Every method is safe to call concurrently. A `put` that returns is durable (fsync on the local
/// store, a successful PUT on S3) and immediately readable by the writer; a listing eventually shows it.
public protocol BlobStore: Sendable {
    /// Optional features; correctness never depends on them.
    var capabilities: StorageCapabilities { get }

    /// Stores `body`, which must deliver exactly `length` bytes (else `invalidArgument`, nothing stored).
    /// The body is consumed once, chunk by chunk; the store buffers at most a bounded amount of it.
    /// Replaces an existing blob unless `condition` is `.ifAbsent` and the backend supports it.
    func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer

    /// Reads the blob, or the part of it selected by `range` (see `BlobRange` for clamping).
    /// Throws `notFound` if absent. The body streams; iterate it once.
    func get(_ key: String, range: BlobRange?) async throws -> BlobRead

    /// The blob's size, or nil when it does not exist.
    func head(_ key: String) async throws -> BlobInfo?

    /// Copies `source` to `destination` (replacing it). Throws `notFound` if `source` is absent.
    func copy(from source: String, to destination: String) async throws

    /// Deletes the blob. Deleting a missing blob succeeds (deletes are idempotent).
    func delete(_ key: String) async throws

    /// Keys starting with `prefix`, in storage order, after `startAfter` (exclusive), at most `limit` (1...1000).
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage
}

extension BlobStore {
    /// Stores a buffer in one piece.
    public func put(_ key: String, bytes: ByteBuffer, condition: WriteCondition = .none) async throws {
        try await put(
            key, body: SyncAsyncSequence(base: CollectionOfOne(bytes)), length: bytes.readableBytes,
            condition: condition)
    }

    /// Reads the whole blob as a stream.
    public func get(_ key: String) async throws -> BlobRead {
        try await get(key, range: nil)
    }

    /// Streams the blob (or `range` of it) chunk by chunk into `consume`, which is awaited before the
    /// next chunk is read (back-pressure); returns the number of bytes delivered. Memory: one chunk.
    @discardableResult
    public func read(
        _ key: String,
        range: BlobRange? = nil,
        into consume: (ByteBuffer) async throws -> Void
    ) async throws -> Int {
        let read = try await get(key, range: range)
        var delivered = 0
        for try await chunk in read.body {
            delivered += chunk.readableBytes
            try await consume(chunk)
        }
        return delivered
    }

    /// Reads a small blob whole; throws `invalidArgument` if it is larger than `maxBytes`.
    public func getBytes(_ key: String, range: BlobRange? = nil, maxBytes: Int) async throws -> ByteBuffer {
        let read = try await get(key, range: range)
        guard read.range.count <= maxBytes else {
            throw StorageError(
                .invalidArgument,
                "blob \(key) range is \(read.range.count) bytes, more than \(maxBytes)"
            )
        }
        return try await read.body.collect(upTo: maxBytes)
    }
}

/// A synchronous sequence presented as an `AsyncSequence`.
public struct SyncAsyncSequence<Base: Sequence & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Base.Element
    let base: Base

    public init(base: Base) { self.base = base }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeIterator()) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.Iterator
        public mutating func next() async -> Element? { base.next() }
    }
}
