import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import TernStorage

/// The S3 servers the service scripts start (scripts/services/moto.sh, ceph.sh). Each exports a
/// storage URL with two extra parameters for the test keys:
/// `s3://tern-test?endpoint=http://127.0.0.1:PORT&region=us-east-1&style=path&access_key=K&secret_key=S`.
/// Without the variable a test is skipped, unless `CI` is set: then it fails and says which script to run.
enum S3TestServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case moto
    case motoAuth = "moto-auth"
    case ceph

    var variable: String {
        switch self {
        case .moto: return "TERN_TEST_S3_MOTO"
        case .motoAuth: return "TERN_TEST_S3_MOTO_AUTH"
        case .ceph: return "TERN_TEST_S3_CEPH"
        }
    }

    var script: String {
        self == .ceph ? "scripts/services/ceph.sh" : "scripts/services/moto.sh"
    }

    /// Whether the server checks signatures (plain moto accepts anything).
    var checksSignatures: Bool { self != .moto }

    var testDescription: String { rawValue }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Run the tests for this server: it is configured, or CI demands it.
    var shouldRun: Bool { Self.environment[variable] != nil || Self.environment["CI"] != nil }

    static var anyShouldRun: Bool { allCases.contains { $0.shouldRun } }

    /// The location and keys from the environment, or a clear failure naming the script to run.
    func settings() throws -> (location: S3Location, credentials: S3Credentials) {
        guard let raw = Self.environment[variable] else {
            throw StorageError(
                .invalidConfiguration, "\(variable) is not set: run `eval \"$(\(script) start STATEDIR)\"` before the tests")
        }
        let service = try S3ServiceURL(parsing: raw)
        return (service.location, service.credentials)
    }

    /// A configuration on a fresh key prefix (so every test starts empty), with short poll
    /// intervals and quick retries so fault tests do not wait long.
    func configuration(
        conditional: S3Location.ConditionalWrites = .auto,
        retry: S3RetryPolicy = S3RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(200)),
        partSize: Int = S3Configuration.minimumPartSize,
        credentials override: S3Credentials? = nil,
        endpointPort: Int? = nil
    ) throws -> S3Configuration {
        var (location, credentials) = try settings()
        location.keyPrefix = "test-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        location.conditionalWrites = conditional
        if let endpointPort {
            location.host = "127.0.0.1"
            location.port = endpointPort
        }
        var logger = Logger(label: "tern.storage.s3.test")
        logger.logLevel = .notice
        return S3Configuration(
            location: location, credentials: override ?? credentials, retry: retry, partSize: partSize,
            maxPollInterval: .milliseconds(400), logger: logger)
    }

    private static let bucketsReady = NIOLockedValueBox<Set<String>>([])

    /// Opens a store on a fresh prefix, creating the bucket on first use.
    func openStore(_ configuration: S3Configuration) async throws -> S3Store {
        let bucketKey = "\(configuration.location.endpoint)/\(configuration.location.bucket)"
        if !Self.bucketsReady.withLockedValue({ $0.contains(bucketKey) }) {
            try await S3Client(configuration: configuration, http: try testStorageRuntime.s3HTTPClient()).createBucketIfMissing()
            Self.bucketsReady.withLockedValue { _ = $0.insert(bucketKey) }
        }
        return try await S3Store.open(configuration, runtime: testStorageRuntime)
    }

    func openStore(conditional: S3Location.ConditionalWrites = .auto) async throws -> S3Store {
        try await openStore(try configuration(conditional: conditional))
    }
}
