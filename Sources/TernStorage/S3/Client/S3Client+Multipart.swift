import NIOCore

/// PUT from a stream of known length. Bodies up to one part go up in a single PUT; larger ones by
/// multipart upload. Either way at most one part (`partSize`) is buffered, and buffered so that a
/// failed request can be sent again: a write is retried without asking the caller for its bytes twice.
extension S3Client {
    func putObject<Body: AsyncSequence & Sendable>(
        key: String, body: Body, length: Int, ifAbsent: Bool
    ) async throws where Body.Element == ByteBuffer {
        guard length >= 0 else { throw StorageError(.invalidArgument, "negative blob length \(length)") }
        var reader = PartReader(body.makeAsyncIterator(), length: length, key: key)
        let partSize = configuration.partSize
        if length <= partSize {
            let whole = try await reader.read(upTo: length)
            try await reader.expectEnd()
            try await putObject(key: key, body: whole, ifAbsent: ifAbsent)
            return
        }
        if ifAbsent, try await headObject(key: key) != nil {
            throw StorageError(.alreadyExists, "S3 object \(key.debugDescription) already exists")
        }
        let uploadID = try await createMultipartUpload(key: key)
        do {
            var parts: [(number: Int, etag: String)] = []
            var remaining = length
            while remaining > 0 {
                let part = try await reader.read(upTo: min(partSize, remaining))
                remaining -= part.readableBytes
                let etag = try await uploadPart(key: key, uploadID: uploadID, number: parts.count + 1, body: part)
                parts.append((parts.count + 1, etag))
            }
            try await reader.expectEnd()
            try await completeMultipartUpload(key: key, uploadID: uploadID, parts: parts, length: length, ifAbsent: ifAbsent)
        } catch {
            // Best effort: an upload left behind costs space until the bucket's lifecycle rule removes it.
            try? await abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }

    private func createMultipartUpload(key: String) async throws -> String {
        let (response, _) = try await perform(
            Request(method: .POST, objectKey: key, query: [("uploads", "")], operation: "CreateMultipartUpload"))
        guard response.status == 200 else {
            throw failure(response, operation: "CreateMultipartUpload", key: key)
        }
        guard case .result(let result)? = try? S3ResultOrError.decode(response.body.readableBytesView, expecting: "InitiateMultipartUploadResult"),
            let uploadID = result.text(of: "UploadId"), !uploadID.isEmpty
        else {
            throw StorageError(.unavailable, "S3 CreateMultipartUpload for \(key.debugDescription) returned no UploadId")
        }
        return uploadID
    }

    private func uploadPart(key: String, uploadID: String, number: Int, body: ByteBuffer) async throws -> String {
        let (response, _) = try await perform(
            Request(
                method: .PUT, objectKey: key, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                headers: [("content-md5", S3Bytes.contentMD5(body))], body: body, operation: "UploadPart"))
        guard response.status == 200 else {
            throw failure(response, operation: "UploadPart", key: key)
        }
        guard let etag = response.headers.first(name: "etag"), !etag.isEmpty else {
            throw StorageError(.unavailable, "S3 UploadPart \(number) of \(key.debugDescription) returned no ETag")
        }
        return etag
    }

    private func completeMultipartUpload(
        key: String, uploadID: String, parts: [(number: Int, etag: String)], length: Int, ifAbsent: Bool
    ) async throws {
        let body = ByteBuffer(string: S3RequestXML.completeMultipartUpload(parts))
        var headers: [(name: String, value: String)] = [("content-type", "application/xml")]
        if ifAbsent { headers.append(("if-none-match", "*")) }
        var failedAttempts = 0
        while true {
            let (response, attempts) = try await perform(
                Request(
                    method: .POST, objectKey: key, query: [("uploadId", uploadID)], headers: headers, body: body,
                    operation: "CompleteMultipartUpload"))
            let status = response.status
            if status == 404 && (attempts > 1 || failedAttempts > 0) {
                // NoSuchUpload on a retry: the earlier attempt completed the upload and its answer was lost.
                if let head = try await headObject(key: key), head.size == length { return }
                throw StorageError(.unavailable, "S3 multipart upload of \(key.debugDescription) vanished before completing")
            }
            if status == 412 && ifAbsent {
                throw StorageError(.alreadyExists, "S3 object \(key.debugDescription) already exists")
            }
            guard status == 200 else {
                throw failure(response, operation: "CompleteMultipartUpload", key: key)
            }
            // 200 can still carry an <Error> (the service reports failures found while assembling).
            let outcome: S3ResultOrError
            do {
                outcome = try S3ResultOrError.decode(response.body.readableBytesView, expecting: "CompleteMultipartUploadResult", "CompleteMultipartUploadResponse")
            } catch {
                throw StorageError(.unavailable, "S3 CompleteMultipartUpload returned an unreadable body: \(error)")
            }
            guard case .error(let s3Error) = outcome else { return }
            failedAttempts += 1
            guard ["InternalError", "SlowDown", "ServiceUnavailable"].contains(s3Error.code),
                let delay = configuration.retry.delay(
                    afterFailedAttempts: failedAttempts, randomFraction: Double.random(in: 0..<1))
            else {
                throw S3ErrorMapping.error(status: 200, body: s3Error, operation: "CompleteMultipartUpload", key: key)
            }
            try await Task.sleep(for: delay)
        }
    }

    private func abortMultipartUpload(key: String, uploadID: String) async throws {
        _ = try await perform(
            Request(
                method: .DELETE, objectKey: key, query: [("uploadId", uploadID)], payloadHash: SigV4Signer.emptyPayloadHash,
                operation: "AbortMultipartUpload"))
    }
}

/// Reads a caller's body stream in parts, holding at most one part plus the chunk that straddles
/// its end, and checks the stream delivers exactly the declared length.
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    private var iterator: Iterator
    private let length: Int
    private let key: String
    private var leftover: ByteBuffer?
    private var consumed = 0

    init(_ iterator: Iterator, length: Int, key: String) {
        self.iterator = iterator
        self.length = length
        self.key = key
    }

    /// Exactly `count` bytes, or `invalidArgument` if the stream ends first.
    mutating func read(upTo count: Int) async throws -> ByteBuffer {
        var part = ByteBuffer()
        part.reserveCapacity(count)
        while part.readableBytes < count {
            var chunk: ByteBuffer
            if let pending = leftover {
                chunk = pending
                leftover = nil
            } else if let next = try await iterator.next() {
                chunk = next
                consumed += next.readableBytes
                if consumed > length {
                    throw StorageError(.invalidArgument, "body of \(key.debugDescription) is longer than the declared \(length) bytes")
                }
            } else {
                throw StorageError(
                    .invalidArgument, "body of \(key.debugDescription) ended after \(consumed) of the declared \(length) bytes")
            }
            let take = min(chunk.readableBytes, count - part.readableBytes)
            if var slice = chunk.readSlice(length: take) {
                part.writeBuffer(&slice)
            }
            if chunk.readableBytes > 0 { leftover = chunk }
        }
        return part
    }

    /// Checks that nothing follows the declared length.
    mutating func expectEnd() async throws {
        if let leftover, leftover.readableBytes > 0 {
            throw StorageError(.invalidArgument, "body of \(key.debugDescription) is longer than the declared \(length) bytes")
        }
        while let next = try await iterator.next() {
            if next.readableBytes > 0 {
                throw StorageError(.invalidArgument, "body of \(key.debugDescription) is longer than the declared \(length) bytes")
            }
        }
    }
}
