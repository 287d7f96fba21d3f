import Testing

@testable import TernStorage

@Suite("S3 HTTP client of a storage runtime")
struct S3HTTPClientPoolTests {
    static func configuration(bucket: String) -> S3Configuration {
        S3Configuration(
            location: S3Location(bucket: bucket, scheme: "http", host: "127.0.0.1", port: 9, region: "us-east-1", style: .path),
            credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "s"))
    }

    @Test func everyClientOfARuntimeUsesItsOneHTTPClient() async throws {
        let runtime = try StorageRuntime()
        let first = S3Client(configuration: Self.configuration(bucket: "first"), http: try runtime.s3HTTPClient())
        let second = S3Client(configuration: Self.configuration(bucket: "second"), http: try runtime.s3HTTPClient())
        #expect(first.http === second.http)
        await runtime.shutdown()
    }

    @Test func poolNeedsAConnection() {
        var configuration = S3HTTPClientPool.Configuration()
        configuration.maxConnectionsPerHost = 0
        let error = #expect(throws: StorageError.self) { try StorageRuntime(s3Pool: configuration) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func partSizeBelowS3MinimumIsRefused() {
        var configuration = Self.configuration(bucket: "bucket")
        configuration.partSize = 1 << 20
        #expect(throws: StorageError.self) { try configuration.validate() }
    }
}
