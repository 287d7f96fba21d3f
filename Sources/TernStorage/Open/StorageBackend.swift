import Foundation
import Logging

/// An opened backend: its blob and row halves (one object on every backend so far, but callers
/// should not assume so) and a name for logs.
public struct StorageBackend: Sendable {
    public var blobs: any BlobStore
    public var rows: any RowStore
    /// The URL it was opened from, without secrets (URLs never carry credentials).
    public var url: StorageURL

    public init(blobs: any BlobStore, rows: any RowStore, url: StorageURL) {
        self.blobs = blobs
        self.rows = rows
        self.url = url
    }

    /// Opens the backend a storage URL names.
    /// - Parameters:
    ///   - s3Credentials: credentials from the configuration file; when nil, S3 falls back to
    ///     `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in `environment`.
    ///   - runtime: owns the S3 HTTP client and the watch hubs the backend uses; shut it down after the
    ///     backend's last use.
    ///   - logger: receives what the backend found at start-up (e.g. conditional-write support).
    public static func open(
        _ url: StorageURL,
        runtime: StorageRuntime,
        s3Credentials: S3Credentials? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "tern.storage")
    ) async throws -> StorageBackend {
        switch url {
        case .memory:
            let store = MemoryStore()
            return StorageBackend(blobs: store, rows: store, url: url)
        case .file(let path):
            let store = try await FileStore.open(path: path, runtime: runtime)
            logger.info("opened file store", metadata: ["path": "\(path)"])
            return StorageBackend(blobs: store, rows: store, url: url)
        case .s3(let location):
            let credentials = try S3Configuration.resolveCredentials(explicit: s3Credentials, environment: environment)
            let store = try await S3Store.open(
                S3Configuration(location: location, credentials: credentials, logger: logger), runtime: runtime
            )
            return StorageBackend(blobs: store, rows: store, url: url)
        }
    }
}
