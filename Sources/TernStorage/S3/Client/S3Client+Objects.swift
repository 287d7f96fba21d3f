import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Single-request object operations: PUT of an in-memory body, HEAD, CopyObject, DeleteObject(s).
extension S3Client {
    struct ObjectHead: Hashable, Sendable {
        var size: Int
        var etag: String
    }

    /// PUTs `body` (at most one part, so it can be resent on retry) with `Content-MD5`, so the
    /// service verifies it arrived intact. With `ifAbsent`, sends `If-None-Match: *` and throws
    /// `alreadyExists` on 412 — unless that 412 answers a retry and the object now holds exactly
    /// `body` (an earlier attempt landed but its response was lost).
    func putObject(key: String, body: ByteBuffer, ifAbsent: Bool) async throws {
        let digest = S3Bytes.md5(body)
        var headers: [(name: String, value: String)] = [("content-md5", S3Bytes.base64(Array(digest)))]
        if ifAbsent { headers.append(("if-none-match", "*")) }
        let (response, attempts) = try await perform(
            Request(method: .PUT, objectKey: key, headers: headers, body: body, operation: "PutObject"))
        switch response.status {
        case 200, 201, 204:
            return
        case 412 where ifAbsent:
            if attempts > 1, let head = try await headObject(key: key), head.size == body.readableBytes,
                head.etag == S3Bytes.plainETag(digest)
            {
                return
            }
            throw StorageError(.alreadyExists, "S3 object \(key.debugDescription) already exists")
        default:
            throw failure(response, operation: "PutObject", key: key)
        }
    }

    /// Size and ETag, or nil when the object does not exist.
    func headObject(key: String) async throws -> ObjectHead? {
        let (response, _) = try await perform(
            Request(method: .HEAD, objectKey: key, payloadHash: SigV4Signer.emptyPayloadHash, operation: "HeadObject"))
        switch response.status {
        case 200:
            guard let length = response.headers.first(name: "content-length").flatMap({ Int($0) }), length >= 0 else {
                throw StorageError(.integrity, "S3 HeadObject \(key.debugDescription) returned no valid Content-Length")
            }
            return ObjectHead(size: length, etag: response.headers.first(name: "etag") ?? "")
        case 404:
            return nil
        default:
            throw failure(response, operation: "HeadObject", key: key)
        }
    }

    /// Server-side copy (objects up to 5 GiB, far above any blob Tern writes). CopyObject may
    /// answer 200 with an `<Error>` body; a transient one is retried like a 5xx.
    func copyObject(from source: String, to destination: String) async throws {
        let copySource = "/" + configuration.location.bucket + "/" + AWSURIEncoding.encodePath(source)
        var failedAttempts = 0
        while true {
            let (response, _) = try await perform(
                Request(
                    method: .PUT, objectKey: destination, headers: [("x-amz-copy-source", copySource)],
                    operation: "CopyObject"))
            guard response.status == 200 else {
                let error = failure(response, operation: "CopyObject", key: source)
                if error.code == .notFound {
                    throw StorageError(.notFound, "S3 CopyObject source \(source.debugDescription) does not exist")
                }
                throw error
            }
            let outcome: S3ResultOrError
            do {
                outcome = try S3ResultOrError.decode(response.body.readableBytesView, expecting: "CopyObjectResult")
            } catch {
                throw StorageError(.unavailable, "S3 CopyObject returned an unreadable body: \(error)")
            }
            guard case .error(let s3Error) = outcome else { return }
            failedAttempts += 1
            let transient = ["InternalError", "SlowDown", "ServiceUnavailable"].contains(s3Error.code)
            guard transient,
                let delay = configuration.retry.delay(
                    afterFailedAttempts: failedAttempts, randomFraction: Double.random(in: 0..<1))
            else {
                throw S3ErrorMapping.error(status: 200, body: s3Error, operation: "CopyObject", key: source)
            }
            try await Task.sleep(for: delay)
        }
    }

    /// Deletes one object; a missing object is not an error.
    func deleteObject(key: String) async throws {
        let (response, _) = try await perform(
            Request(method: .DELETE, objectKey: key, payloadHash: SigV4Signer.emptyPayloadHash, operation: "DeleteObject"))
        switch response.status {
        case 200, 204, 404:
            return
        default:
            throw failure(response, operation: "DeleteObject", key: key)
        }
    }

    /// Deletes up to 1,000 objects in one request (DeleteObjects, quiet mode). Throws if the
    /// service reports any key it could not delete.
    func deleteObjects(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        guard keys.count <= 1000 else {
            throw StorageError(.invalidArgument, "DeleteObjects takes at most 1,000 keys, got \(keys.count)")
        }
        let body = ByteBuffer(string: S3RequestXML.deleteObjects(keys))
        let (response, _) = try await perform(
            Request(
                method: .POST, objectKey: nil, query: [("delete", "")],
                headers: [("content-md5", S3Bytes.contentMD5(body)), ("content-type", "application/xml")],
                body: body, operation: "DeleteObjects"),
            bodyLimit: 4 << 20)
        guard response.status == 200 else {
            throw failure(response, operation: "DeleteObjects", key: nil)
        }
        let result: S3DeleteResult
        do {
            result = try S3DeleteResult.decode(response.body.readableBytesView)
        } catch {
            throw StorageError(.unavailable, "S3 DeleteObjects returned an unreadable body: \(error)")
        }
        if let first = result.failures.first {
            throw StorageError(
                .unavailable,
                "S3 DeleteObjects could not delete \(result.failures.count) keys, first \(first.key.debugDescription): \(first.code) \(first.message)"
            )
        }
    }

    /// Creates the bucket if it does not exist yet (tests and `tern dev`; production buckets are made by the admin).
    func createBucketIfMissing() async throws {
        let body: ByteBuffer
        if configuration.location.region == "us-east-1" {
            body = ByteBuffer()
        } else {
            body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(S3XMLEscaping.escape(configuration.location.region))</LocationConstraint>"
                    + "</CreateBucketConfiguration>")
        }
        let (response, _) = try await perform(Request(method: .PUT, objectKey: nil, body: body, operation: "CreateBucket"))
        if response.status == 200 { return }
        let code = response.s3Error?.code
        if response.status == 409, code == "BucketAlreadyOwnedByYou" || code == "BucketAlreadyExists" { return }
        throw failure(response, operation: "CreateBucket", key: nil)
    }
}
