import AsyncHTTPClient
import Crypto
import NIOConcurrencyHelpers
import NIOCore

/// The body of one S3 read. Delivers exactly `range.count` bytes or throws:
/// - a connection that drops mid-body is resumed from the next byte (ranged GET with `If-Match`),
///   up to the retry policy's attempts, so a reset costs a round trip, not the read;
/// - a body that ends short or runs long throws `integrity` (never short data passed off as whole);
/// - a whole-object read of a plain single-part object is checked against its ETag (MD5) at the
///   end, so bytes damaged on the way fail the last `next()` instead of ending the stream cleanly.
struct S3GetStream: Sendable {
    let client: S3Client
    let key: String
    let etag: String
    let range: Range<Int>
    /// The response whose body starts the read; taken by the first iteration.
    let first: NIOLockedValueBox<HTTPClientResponse?>
    /// Absolute offset of the first response body's first byte (0 when the server ignored a Range
    /// header and sent the whole object: bytes before `range` are skipped).
    let firstStartsAt: Int
    let verifyMD5: Bool
    /// The first response runs past `range` (a whole object sent for a ranged request): stop
    /// reading it at the range's end instead of treating the rest as an overlong body.
    let firstRunsPastRange: Bool

    init(
        client: S3Client, key: String, etag: String, range: Range<Int>, first: HTTPClientResponse,
        firstStartsAt: Int, verifyMD5: Bool, firstRunsPastRange: Bool = false
    ) {
        self.firstRunsPastRange = firstRunsPastRange
        self.client = client
        self.key = key
        self.etag = etag
        self.range = range
        self.first = NIOLockedValueBox(first)
        self.firstStartsAt = firstStartsAt
        self.verifyMD5 = verifyMD5
    }

    var body: BlobByteStream {
        let stream = self
        return BlobByteStream(makeNext: {
            let response = stream.first.withLockedValue { value in
                defer { value = nil }
                return value
            }
            guard let response else {
                return { throw StorageError(.invalidArgument, "S3 object body \(stream.key.debugDescription) iterated twice") }
            }
            let reader = Reader(stream: stream, response: response)
            return { try await reader.next() }
        })
    }

    /// Iteration state; used by one task at a time (the iterating one).
    private final class Reader {
        let stream: S3GetStream
        var iterator: HTTPClientResponse.Body.AsyncIterator
        /// Absolute offset of the next byte the current response body will deliver.
        var position: Int
        var md5 = Insecure.MD5()
        var resumes = 0
        var finished = false

        init(stream: S3GetStream, response: HTTPClientResponse) {
            self.stream = stream
            self.iterator = response.body.makeAsyncIterator()
            self.position = stream.firstStartsAt
        }

        func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            let end = stream.range.upperBound
            while true {
                if position >= end {
                    if stream.firstRunsPastRange && resumes == 0 { return try finish() }
                    // Done: anything the server still sends is more than the range holds.
                    let extra: ByteBuffer?
                    do { extra = try await iterator.next() } catch { extra = nil }
                    if let extra, extra.readableBytes > 0 {
                        finished = true
                        throw StorageError(.integrity, "S3 object \(stream.key.debugDescription) body is longer than \(stream.range.count) bytes")
                    }
                    return try finish()
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await iterator.next()
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    try await resume(after: "\(error)")
                    continue
                }
                guard var chunk else {
                    // Ended before the range did: the server (or something between) sent a short body.
                    try await resume(after: "body ended at byte \(position) of \(end)")
                    continue
                }
                // Skip bytes before the range (a server that ignored Range), cut bytes past it.
                if position < stream.range.lowerBound {
                    let skip = min(chunk.readableBytes, stream.range.lowerBound - position)
                    chunk.moveReaderIndex(forwardBy: skip)
                    position += skip
                }
                if chunk.readableBytes == 0 { continue }
                if position + chunk.readableBytes > end && stream.firstRunsPastRange && resumes == 0 {
                    chunk = chunk.getSlice(at: chunk.readerIndex, length: end - position) ?? ByteBuffer()
                }
                if position + chunk.readableBytes > end {
                    finished = true
                    throw StorageError(.integrity, "S3 object \(stream.key.debugDescription) body is longer than \(stream.range.count) bytes")
                }
                position += chunk.readableBytes
                if stream.verifyMD5 {
                    chunk.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
                }
                return chunk
            }
        }

        private func finish() throws -> ByteBuffer? {
            finished = true
            if stream.verifyMD5 {
                let actual = S3Bytes.plainETag(md5.finalize())
                guard actual == stream.etag else {
                    throw StorageError(
                        .integrity, "S3 object \(stream.key.debugDescription) bytes do not match its ETag \(stream.etag) (got \(actual))")
                }
            }
            return nil
        }

        private func resume(after reason: String) async throws {
            resumes += 1
            guard
                let delay = stream.client.configuration.retry.delay(
                    afterFailedAttempts: resumes, randomFraction: Double.random(in: 0..<1))
            else {
                finished = true
                throw StorageError(
                    .unavailable,
                    "S3 read of \(stream.key.debugDescription) failed at byte \(position) of \(stream.range.upperBound) after \(resumes) attempts: \(reason)")
            }
            stream.client.logger.debug(
                "resuming S3 read", metadata: ["key": "\(stream.key)", "offset": "\(position)", "reason": "\(reason)"])
            try await Task.sleep(for: delay)
            let from = max(position, stream.range.lowerBound)
            let response: HTTPClientResponse
            do {
                response = try await stream.client.resumeObject(
                    key: stream.key, etag: stream.etag, from: from, upTo: stream.range.upperBound)
            } catch {
                finished = true
                throw error
            }
            iterator = response.body.makeAsyncIterator()
            position = from
        }
    }
}
