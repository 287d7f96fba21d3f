import Logging

/// Everything an S3 store needs besides the bucket location.
public struct S3Configuration: Sendable {
    public var location: S3Location
    public var credentials: S3Credentials
    public var retry: S3RetryPolicy
    /// Blobs up to this size go up in one PUT; larger ones by multipart upload in parts of this
    /// size. Each upload buffers one part (so it can be retried), so this bounds upload memory.
    /// S3 requires parts of at least 5 MiB (except the last).
    public var partSize: Int
    /// Longest wait for a response head (the body is then bounded by the pool's read timeout).
    public var requestTimeout: Duration
    /// How many row values `RowStore.list` fetches at once.
    public var rowFetchConcurrency: Int
    /// Watch polling: the first wait after a quiet poll, doubled while quiet up to `maxPollInterval`.
    public var minPollInterval: Duration
    public var maxPollInterval: Duration
    public var logger: Logger

    public static let minimumPartSize = 5 << 20

    public init(
        location: S3Location,
        credentials: S3Credentials,
        retry: S3RetryPolicy = S3RetryPolicy(),
        partSize: Int = 8 << 20,
        requestTimeout: Duration = .seconds(30),
        rowFetchConcurrency: Int = 8,
        minPollInterval: Duration = .milliseconds(100),
        maxPollInterval: Duration = .seconds(2),
        logger: Logger = Logger(label: "tern.storage.s3")
    ) {
        self.location = location
        self.credentials = credentials
        self.retry = retry
        self.partSize = partSize
        self.requestTimeout = requestTimeout
        self.rowFetchConcurrency = rowFetchConcurrency
        self.minPollInterval = minPollInterval
        self.maxPollInterval = maxPollInterval
        self.logger = logger
    }

    /// Credentials from the configuration when given, else from `AWS_ACCESS_KEY_ID` /
    /// `AWS_SECRET_ACCESS_KEY`; `invalidConfiguration` when neither has them.
    public static func resolveCredentials(
        explicit: S3Credentials?,
        environment: [String: String]
    ) throws -> S3Credentials {
        if let explicit { return explicit }
        if let fromEnvironment = S3Credentials.fromEnvironment(environment) { return fromEnvironment }
        throw StorageError(
            .invalidConfiguration,
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or give them in the configuration")
    }

    func validate() throws {
        guard partSize >= Self.minimumPartSize else {
            throw StorageError(.invalidConfiguration, "S3 part size \(partSize) is below S3's minimum of 5 MiB")
        }
        guard partSize <= 512 << 20 else {
            throw StorageError(.invalidConfiguration, "S3 part size \(partSize) is above Tern's limit of 512 MiB")
        }
        guard rowFetchConcurrency >= 1 else {
            throw StorageError(.invalidConfiguration, "rowFetchConcurrency must be at least 1")
        }
        guard minPollInterval > .zero, maxPollInterval >= minPollInterval else {
            throw StorageError(.invalidConfiguration, "poll intervals must satisfy 0 < min <= max")
        }
    }
}
