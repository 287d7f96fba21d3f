import Testing

@testable import TernStorage

@Suite("S3 shared HTTP client")
struct S3HTTPClientPoolTests {
    static func configuration(bucket: String) -> S3Configuration {
        S3Configuration(
            location: S3Location(bucket: bucket, scheme: "http", host: "127.0.0.1", port: 9, region: "us-east-1", style: .path),
            credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "s"))
    }

    @Test func everyClientUsesTheOneProcessWideHTTPClient() throws {
        let first = S3Client(configuration: Self.configuration(bucket: "first"))
        let second = S3Client(configuration: Self.configuration(bucket: "second"))
        #expect(first.http === second.http)
        #expect(first.http === S3HTTPClientPool.shared)
        // Once it exists, its pool can no longer be reconfigured.
        let error = #expect(throws: StorageError.self) { try S3HTTPClientPool.configure(S3HTTPClientPool.configuration) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func poolNeedsAConnection() {
        var configuration = S3HTTPClientPool.Configuration()
        configuration.maxConnectionsPerHost = 0
        #expect(throws: StorageError.self) { try S3HTTPClientPool.configure(configuration) }
    }

    @Test func partSizeBelowS3MinimumIsRefused() {
        var configuration = Self.configuration(bucket: "bucket")
        configuration.partSize = 1 << 20
        #expect(throws: StorageError.self) { try configuration.validate() }
    }
}
