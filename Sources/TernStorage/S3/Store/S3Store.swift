import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Blobs and rows on any S3 service (see docs/internals/s3.md).
///
/// Layout under the location's key prefix: blobs at `blob/<key>`, rows at `row/<partition>/<sort>`.
/// Sort keys hold no `/` and partition segments are non-empty (`StorageKey`), so a listing of
/// `row/<partition>/` with delimiter `/` returns exactly that partition's rows, in sort-key order,
/// because S3 lists keys in UTF-8 byte order and every row key of a partition shares its prefix.
public final class S3Store: BlobStore, RowStore, Sendable {
    public let capabilities: StorageCapabilities
    /// The watch every `S3Store` of the same `StorageRuntime` on the same bucket and prefix shares.
    public let watchHub: RowWatchHub
    let client: S3Client
    let blobRoot: String
    let rowRoot: String

    /// Opens the store: checks the configuration, reaches the bucket, and (with
    /// `conditional=auto`) finds out once per runtime and location whether the service honours
    /// `If-None-Match: *`, logging what it found. Requests go over `runtime`'s HTTP client.
    public static func open(_ configuration: S3Configuration, runtime: StorageRuntime) async throws -> S3Store {
        try configuration.validate()
        let client = S3Client(
            configuration: configuration, http: try runtime.s3HTTPClient(), requests: runtime.s3Requests)
        // Reach the bucket with these credentials now, so a wrong key or bucket fails at start-up.
        _ = try await client.listObjects(prefix: "", maxKeys: 1)
        let conditional: Bool
        switch configuration.location.conditionalWrites {
        case .off: conditional = false
        case .auto: conditional = try await runtime.conditionalCreateProbe.supports(client: client)
        }
        return S3Store(client: client, conditionalCreate: conditional, watches: runtime.s3Watches)
    }

    init(client: S3Client, conditionalCreate: Bool, watches: S3WatchRegistry) {
        self.client = client
        self.capabilities = StorageCapabilities(conditionalCreate: conditionalCreate)
        let root = Self.rootPrefix(client.configuration.location)
        self.blobRoot = root + "blob/"
        self.rowRoot = root + "row/"
        self.watchHub = watches.hub(for: client, rowRoot: root + "row/")
    }

    static func rootPrefix(_ location: S3Location) -> String {
        location.keyPrefix.isEmpty ? "" : location.keyPrefix + "/"
    }

    /// `key` without `root` (compared as bytes: S3 keys are byte strings, not Unicode text).
    static func strip(_ root: String, from key: String) throws -> String {
        guard key.utf8.starts(with: root.utf8) else {
            throw StorageError(.integrity, "S3 listing returned \(key.debugDescription) outside \(root.debugDescription)")
        }
        return String(decoding: key.utf8.dropFirst(root.utf8.count), as: UTF8.self)
    }

    /// Everything this store holds (for tests and `tern` maintenance): deletes every object under
    /// the store's prefix, 1,000 per request.
    public func deleteEverything() async throws {
        let root = Self.rootPrefix(client.configuration.location)
        var token: String?
        repeat {
            let page = try await client.listObjects(prefix: root, continuationToken: token)
            try await client.deleteObjects(keys: page.objects.map(\.key))
            token = page.nextContinuationToken
        } while token != nil
    }
}
