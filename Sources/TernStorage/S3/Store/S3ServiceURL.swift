/// The URL form the test service scripts print (scripts/services/moto.sh, ceph.sh): a storage URL
/// with the keys in two extra parameters,
/// `s3://bucket?endpoint=http://127.0.0.1:PORT&region=us-east-1&style=path&access_key=K&secret_key=S`.
/// For tests and benchmarks only: configured URLs never carry secrets (`StorageURL` refuses them).
public struct S3ServiceURL: Sendable {
    public var location: S3Location
    public var credentials: S3Credentials

    public init(parsing text: String) throws {
        guard let questionMark = text.firstIndex(of: "?") else {
            throw StorageError(.invalidConfiguration, "S3 service URL has no query: \(text.debugDescription)")
        }
        var kept: [Substring] = []
        var accessKey: String?
        var secretKey: String?
        for item in text[text.index(after: questionMark)...].split(separator: "&") {
            if item.hasPrefix("access_key=") {
                accessKey = try URLComponentCoding.percentDecode(item.dropFirst("access_key=".count))
            } else if item.hasPrefix("secret_key=") {
                secretKey = try URLComponentCoding.percentDecode(item.dropFirst("secret_key=".count))
            } else {
                kept.append(item)
            }
        }
        guard let accessKey, let secretKey else {
            throw StorageError(.invalidConfiguration, "S3 service URL lacks access_key or secret_key")
        }
        guard case .s3(let location) = try StorageURL(parsing: String(text[..<questionMark]) + "?" + kept.joined(separator: "&"))
        else {
            throw StorageError(.invalidConfiguration, "S3 service URL is not an s3:// URL")
        }
        self.location = location
        self.credentials = S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey)
    }
}

extension S3Store {
    /// Opens a store on a service URL (see `S3ServiceURL`) under `keyPrefix`, creating the bucket
    /// if it is missing. For tests and benchmarks, e.g. with `TERN_TEST_S3_CEPH`.
    public static func openForTesting(
        serviceURL: String, keyPrefix: String, runtime: StorageRuntime
    ) async throws -> S3Store {
        let service = try S3ServiceURL(parsing: serviceURL)
        var location = service.location
        location.keyPrefix = keyPrefix
        let configuration = S3Configuration(location: location, credentials: service.credentials)
        try await S3Client(
            configuration: configuration, http: try runtime.s3HTTPClient(), requests: runtime.s3Requests
        ).createBucketIfMissing()
        return try await S3Store.open(configuration, runtime: runtime)
    }
}
