import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Streaming GET: the body flows chunk by chunk from the socket to the caller (AsyncHTTPClient's
/// body sequence applies back-pressure to the connection), never collected.
extension S3Client {
    struct ObjectRead: Sendable {
        var size: Int
        var range: Range<Int>
        var etag: String
        var body: BlobByteStream
    }

    /// Reads `range` of the object (all of it when nil), clamped as `BlobRange` defines.
    /// The first response's head is awaited here, so `notFound` is thrown from this call; body
    /// failures surface while iterating (see `S3GetStream`).
    func getObject(key: String, range: BlobRange?) async throws -> ObjectRead {
        if let range, range.length == 0 {
            // HTTP cannot ask for zero bytes; only the size is needed.
            guard let head = try await headObject(key: key) else {
                throw StorageError(.notFound, "S3 object \(key.debugDescription) does not exist")
            }
            let clamped = range.clamped(toSize: head.size)
            return ObjectRead(size: head.size, range: clamped, etag: head.etag, body: .empty)
        }
        var headers: [(name: String, value: String)] = []
        if let range {
            let first = range.offset
            // The last byte asked for; none (read to the end) when offset + length overflows.
            var last: Int?
            if let length = range.length {
                let (end, overflow) = first.addingReportingOverflow(length - 1)
                last = overflow ? nil : end
            }
            headers.append(("range", "bytes=\(first)-" + (last.map(String.init) ?? "")))
        }
        let (response, _) = try await send(
            Request(method: .GET, objectKey: key, headers: headers, payloadHash: SigV4Signer.emptyPayloadHash, operation: "GetObject"))
        let etag = response.headers.first(name: "etag") ?? ""
        switch response.status.code {
        case 200:
            let size = try contentLength(response, key: key)
            let selected = try (range ?? BlobRange(offset: 0)).clamped(toSize: size)
            let stream = S3GetStream(
                client: self, key: key, etag: etag, range: selected, first: response,
                firstStartsAt: 0, verifyMD5: selected == 0..<size && Self.canVerifyMD5(response, etag: etag),
                firstRunsPastRange: selected.upperBound < size)
            return ObjectRead(size: size, range: selected, etag: etag, body: stream.body)
        case 206:
            let contentRange = try Self.parseContentRange(response.headers.first(name: "content-range"), key: key)
            guard let requested = range, contentRange.range.lowerBound == requested.offset else {
                throw StorageError(.integrity, "S3 GetObject \(key.debugDescription) answered a range that was not asked for")
            }
            let length = try contentLength(response, key: key)
            guard length == contentRange.range.count else {
                throw StorageError(
                    .integrity,
                    "S3 GetObject \(key.debugDescription): Content-Length \(length) disagrees with Content-Range \(contentRange.range)")
            }
            let selected = requested.clamped(toSize: contentRange.size)
            guard selected == contentRange.range else {
                throw StorageError(
                    .integrity, "S3 GetObject \(key.debugDescription) returned \(contentRange.range), expected \(selected)")
            }
            let stream = S3GetStream(
                client: self, key: key, etag: etag, range: selected, first: response,
                firstStartsAt: selected.lowerBound, verifyMD5: false)
            return ObjectRead(size: contentRange.size, range: selected, etag: etag, body: stream.body)
        case 416:
            // The range starts at or past the end: an empty read, not an error (BlobRange's rule).
            _ = try? await response.body.collect(upTo: 64 << 10)
            guard let head = try await headObject(key: key) else {
                throw StorageError(.notFound, "S3 object \(key.debugDescription) does not exist")
            }
            let selected = try (range ?? BlobRange(offset: 0)).clamped(toSize: head.size)
            guard selected.isEmpty else {
                throw StorageError(.unavailable, "S3 GetObject \(key.debugDescription) refused a satisfiable range")
            }
            return ObjectRead(size: head.size, range: selected, etag: head.etag, body: .empty)
        default:
            let error = await failure(response, operation: "GetObject", key: key)
            if error.code == .notFound {
                throw StorageError(.notFound, "S3 object \(key.debugDescription) does not exist")
            }
            throw error
        }
    }

    /// Reopens a read at absolute offset `from` after a failure mid-body: a ranged GET pinned to
    /// the same object version with `If-Match`, so the bytes continue the same blob or the read fails.
    func resumeObject(key: String, etag: String, from: Int, upTo end: Int) async throws -> HTTPClientResponse {
        var headers: [(name: String, value: String)] = [("range", "bytes=\(from)-\(end - 1)")]
        if !etag.isEmpty { headers.append(("if-match", etag)) }
        let (response, _) = try await send(
            Request(method: .GET, objectKey: key, headers: headers, payloadHash: SigV4Signer.emptyPayloadHash, operation: "GetObject"))
        switch response.status.code {
        case 206:
            let contentRange = try Self.parseContentRange(response.headers.first(name: "content-range"), key: key)
            let length = try contentLength(response, key: key)
            guard contentRange.range == from..<end, length == end - from else {
                throw StorageError(.integrity, "S3 GetObject \(key.debugDescription) resumed with a different range")
            }
            return response
        case 412:
            _ = try? await response.body.collect(upTo: 64 << 10)
            throw StorageError(.integrity, "S3 object \(key.debugDescription) changed while it was being read")
        default:
            throw await failure(response, operation: "GetObject", key: key)
        }
    }

    private func contentLength(_ response: HTTPClientResponse, key: String) throws -> Int {
        guard let length = response.headers.first(name: "content-length").flatMap({ Int($0) }), length >= 0 else {
            throw StorageError(.integrity, "S3 GetObject \(key.debugDescription) returned no valid Content-Length")
        }
        return length
    }

    /// An ETag is the MD5 of the bytes only for single-part objects stored without KMS or customer keys.
    private static func canVerifyMD5(_ response: HTTPClientResponse, etag: String) -> Bool {
        let encryption = response.headers.first(name: "x-amz-server-side-encryption") ?? ""
        let customerKey = response.headers.first(name: "x-amz-server-side-encryption-customer-algorithm")
        return S3Bytes.isPlainMD5ETag(etag) && !encryption.hasPrefix("aws:kms") && customerKey == nil
    }

    /// `bytes FIRST-LAST/SIZE` → (FIRST..<LAST+1, SIZE).
    static func parseContentRange(_ value: String?, key: String) throws -> (range: Range<Int>, size: Int) {
        let invalid = StorageError(.integrity, "S3 GetObject \(key.debugDescription): invalid Content-Range \(value ?? "(none)")")
        guard let value, value.hasPrefix("bytes ") else { throw invalid }
        let spec = value.dropFirst("bytes ".count)
        let parts = spec.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let size = Int(parts[1]) else { throw invalid }
        let bounds = parts[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), first <= last, last < size else {
            throw invalid
        }
        return (first..<(last + 1), size)
    }
}
