import Crypto
import NIOCore
import Testing

@testable import TernStorage

@Suite("S3 client: pure parts")
struct S3ClientPureTests {
    @Test func retryDelaysGrowAndAreCapped() {
        let policy = S3RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(afterFailedAttempts: 1, randomFraction: 1) == .milliseconds(100))
        #expect(policy.delay(afterFailedAttempts: 2, randomFraction: 1) == .milliseconds(200))
        #expect(policy.delay(afterFailedAttempts: 4, randomFraction: 1) == .milliseconds(800))
        #expect(policy.delay(afterFailedAttempts: 5, randomFraction: 1) == .seconds(1))
        #expect(policy.delay(afterFailedAttempts: 7, randomFraction: 1) == .seconds(1))
        #expect(policy.delay(afterFailedAttempts: 8, randomFraction: 1) == nil)
        // Full jitter: the draw scales the cap.
        #expect(policy.delay(afterFailedAttempts: 2, randomFraction: 0.5) == .milliseconds(100))
        #expect(policy.delay(afterFailedAttempts: 2, randomFraction: 0) == .zero)
        #expect(S3RetryPolicy.never.delay(afterFailedAttempts: 1, randomFraction: 1) == nil)
    }

    @Test func retryableStatuses() {
        for status in [429, 500, 502, 503, 504] {
            #expect(S3RetryPolicy.isRetryable(status: status, s3Code: nil))
        }
        #expect(S3RetryPolicy.isRetryable(status: 400, s3Code: "RequestTimeout"))
        for status in [400, 401, 403, 404, 409, 412, 501] {
            #expect(!S3RetryPolicy.isRetryable(status: status, s3Code: "NoSuchKey"))
        }
    }

    @Test func errorsCarryTheS3CodeAndMapToStorageCodes() {
        let denied = S3ErrorMapping.error(
            status: 403, body: S3ErrorBody(code: "SignatureDoesNotMatch", message: "bad"), operation: "GetObject", key: "k")
        #expect(denied.code == .permissionDenied)
        #expect(denied.message.contains("SignatureDoesNotMatch"))
        #expect(S3ErrorMapping.error(status: 404, body: nil, operation: "GetObject", key: "k").code == .notFound)
        #expect(S3ErrorMapping.error(status: 412, body: nil, operation: "PutObject", key: "k").code == .alreadyExists)
        #expect(S3ErrorMapping.error(status: 503, body: nil, operation: "PutObject", key: "k").code == .unavailable)
        #expect(S3ErrorMapping.error(status: 501, body: nil, operation: "PutObject", key: "k").code == .invalidArgument)
        #expect(
            S3ErrorMapping.error(status: 404, body: S3ErrorBody(code: "NoSuchBucket", message: ""), operation: "x", key: nil).code
                == .invalidConfiguration)
        #expect(
            S3ErrorMapping.error(status: 400, body: S3ErrorBody(code: "InvalidArgument", message: ""), operation: "x", key: nil)
                .code == .invalidArgument)
    }

    func location(_ style: S3Location.AddressingStyle, host: String = "127.0.0.1", port: Int = 9000) -> S3Location {
        S3Location(bucket: "bucket", scheme: "http", host: host, port: port, region: "us-east-1", style: style)
    }

    @Test func pathStyleAddressing() {
        let addressing = S3Addressing(location: location(.path))
        #expect(addressing.hostHeader == "127.0.0.1:9000")
        #expect(addressing.encodedPath(objectKey: "blob/a b+c") == "/bucket/blob/a%20b%2Bc")
        #expect(addressing.encodedPath(objectKey: nil) == "/bucket")
        #expect(
            addressing.url(encodedPath: "/bucket", canonicalQuery: "list-type=2&prefix=a%2Fb")
                == "http://127.0.0.1:9000/bucket?list-type=2&prefix=a%2Fb")
    }

    @Test func virtualHostAddressing() {
        let addressing = S3Addressing(location: location(.virtual, host: "s3.eu-west-1.amazonaws.com", port: 80))
        #expect(addressing.hostHeader == "bucket.s3.eu-west-1.amazonaws.com")
        #expect(addressing.encodedPath(objectKey: "k") == "/k")
        #expect(addressing.encodedPath(objectKey: nil) == "/")
        #expect(S3Addressing(location: location(.path, host: "::1", port: 9000)).hostHeader == "[::1]:9000")
    }

    @Test func contentRange() throws {
        let parsed = try S3Client.parseContentRange("bytes 10-19/100", key: "k")
        #expect(parsed.range == 10..<20)
        #expect(parsed.size == 100)
        for bad in ["bytes */100", "bytes 5-4/100", "bytes 0-100/100", "items 0-1/2", "bytes 0-1", "bytes a-b/c"] {
            #expect(throws: StorageError.self) { try S3Client.parseContentRange(bad, key: "k") }
        }
        #expect(throws: StorageError.self) { try S3Client.parseContentRange(nil, key: "k") }
    }

    @Test func digests() {
        #expect(S3Bytes.base64([]) == "")
        #expect(S3Bytes.base64(Array("f".utf8)) == "Zg==")
        #expect(S3Bytes.base64(Array("fo".utf8)) == "Zm8=")
        #expect(S3Bytes.base64(Array("foobar".utf8)) == "Zm9vYmFy")
        // Reference value from Python: base64.b64encode(hashlib.md5(b"Check Integrity!").digest())
        #expect(S3Bytes.contentMD5(ByteBuffer(string: "Check Integrity!")) == "nwqq6b6ua/tTDk7B5M184w==")
        #expect(S3Bytes.plainETag(S3Bytes.md5(ByteBuffer())) == "\"d41d8cd98f00b204e9800998ecf8427e\"")
        #expect(S3Bytes.isPlainMD5ETag("\"d41d8cd98f00b204e9800998ecf8427e\""))
        #expect(!S3Bytes.isPlainMD5ETag("\"d41d8cd98f00b204e9800998ecf8427e-3\""))
        #expect(!S3Bytes.isPlainMD5ETag("\"opaque\""))
    }

    @Test func serviceURLsCarryPercentEncodedKeys() throws {
        let service = try S3ServiceURL(
            parsing: "s3://tern-test?endpoint=http://127.0.0.1:9000&region=us-east-1&style=path&access_key=AK&secret_key=a%2Fb%2Bc")
        #expect(service.credentials == S3Credentials(accessKeyID: "AK", secretAccessKey: "a/b+c"))
        #expect(service.location.bucket == "tern-test")
        #expect(service.location.port == 9000)
        #expect(service.location.style == .path)
        #expect(throws: StorageError.self) { try S3ServiceURL(parsing: "s3://tern-test?endpoint=http://127.0.0.1:9000&access_key=AK") }
        #expect(throws: StorageError.self) { try S3ServiceURL(parsing: "s3://tern-test") }
    }

    @Test func credentialsFromEnvironment() throws {
        #expect(S3Credentials.fromEnvironment([:]) == nil)
        #expect(S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a"]) == nil)
        let credentials = S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s"])
        #expect(credentials == S3Credentials(accessKeyID: "a", secretAccessKey: "s"))
        #expect(!"\(credentials!)".contains("s)"))
        let explicit = S3Credentials(accessKeyID: "x", secretAccessKey: "y")
        #expect(try S3Configuration.resolveCredentials(explicit: explicit, environment: [:]) == explicit)
        #expect(throws: StorageError.self) { try S3Configuration.resolveCredentials(explicit: nil, environment: [:]) }
    }
}

@Suite("S3 multipart part reader")
struct PartReaderTests {
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let chunks: [ByteBuffer]
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
        struct AsyncIterator: AsyncIteratorProtocol {
            var chunks: [ByteBuffer]
            mutating func next() async -> ByteBuffer? { chunks.isEmpty ? nil : chunks.removeFirst() }
        }
    }

    func chunks(_ bytes: [UInt8], size: Int) -> Chunks {
        Chunks(chunks: stride(from: 0, to: bytes.count, by: size).map { ByteBuffer(bytes: bytes[$0..<min($0 + size, bytes.count)]) })
    }

    @Test func splitsAcrossChunkBoundaries() async throws {
        let bytes = (0..<100).map { UInt8($0) }
        var reader = PartReader(chunks(bytes, size: 7).makeAsyncIterator(), length: 100, key: "k")
        let first = try await reader.read(upTo: 30)
        let second = try await reader.read(upTo: 30)
        let third = try await reader.read(upTo: 40)
        try await reader.expectEnd()
        #expect(Array(first.readableBytesView) + Array(second.readableBytesView) + Array(third.readableBytesView) == bytes)
    }

    @Test func shortAndLongBodiesAreInvalid() async throws {
        let bytes = [UInt8](repeating: 1, count: 10)
        var short = PartReader(chunks(bytes, size: 3).makeAsyncIterator(), length: 11, key: "k")
        await #expect(throws: StorageError.self) { _ = try await short.read(upTo: 11) }
        var long = PartReader(chunks(bytes, size: 3).makeAsyncIterator(), length: 8, key: "k")
        await #expect(throws: StorageError.self) { _ = try await long.read(upTo: 8) }
        var trailing = PartReader(chunks(bytes, size: 10).makeAsyncIterator(), length: 10, key: "k")
        _ = try await trailing.read(upTo: 5)
        await #expect(throws: StorageError.self) { try await trailing.expectEnd() }
    }
}
