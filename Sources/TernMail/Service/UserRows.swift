import NIOCore
import TernCrypto
import TernStorage

/// Row values sealed with one user's keys, each bound to its row key (a value moved to another
/// row fails to open).
struct UserRows: Sendable {
    let rows: any RowStore
    let keys: UserKeys

    func put(partition: String, sort: String, plaintext: ByteBuffer) async throws {
        let sealer = try SealedBlob.sealer(keys: keys, blobID: Self.blobID(partition, sort))
        try await rows.put(partition: partition, sort: sort, value: try SealedBlob.seal(plaintext, with: sealer))
    }

    /// The opened value, nil when the row does not exist.
    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        guard let sealed = try await rows.get(partition: partition, sort: sort) else { return nil }
        return try open(sealed, partition: partition, sort: sort)
    }

    func open(_ sealed: ByteBuffer, partition: String, sort: String) throws -> ByteBuffer {
        try SealedBlob.open(sealed, with: BlobDecryptor(kind: .user, keys: keys, blobID: Self.blobID(partition, sort)))
    }

    /// Every sort key of `partition`, page by page.
    static func allKeys(_ rows: any RowStore, partition: String) async throws -> [String] {
        var keys: [String] = []
        var after: String?
        repeat {
            let page = try await rows.listKeys(partition: partition, after: after, limit: StorageKey.maxListLimit)
            keys += page.keys
            after = page.nextAfter
        } while after != nil
        return keys
    }

    /// Deletes every row of `partition`.
    static func deleteAll(_ rows: any RowStore, partition: String) async throws {
        for key in try await allKeys(rows, partition: partition) {
            try await rows.delete(partition: partition, sort: key)
        }
    }

    static func blobID(_ partition: String, _ sort: String) -> [UInt8] { Array("\(partition)/\(sort)".utf8) }
}

/// `any BlobStore` as a concrete `BlobStore`, so it can be wrapped in `EncryptedBlobStore`.
struct ErasedBlobStore: BlobStore {
    let base: any BlobStore

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await base.put(key, body: body, length: length, condition: condition)
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead { try await base.get(key, range: range) }
    func head(_ key: String) async throws -> BlobInfo? { try await base.head(key) }
    func copy(from source: String, to destination: String) async throws {
        try await base.copy(from: source, to: destination)
    }
    func delete(_ key: String) async throws { try await base.delete(key) }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }

    /// Every blob under `prefix`.
    func all(prefix: String) async throws -> [BlobInfo] {
        var result: [BlobInfo] = []
        var after: String?
        repeat {
            let page = try await base.list(prefix: prefix, startAfter: after, limit: StorageKey.maxListLimit)
            result += page.entries
            after = page.nextStartAfter
        } while after != nil
        return result
    }
}

/// Flags as stored: system flags in their RFC 3501 spelling whatever case the client used,
/// `\Recent` dropped (the server sets it), keywords as spelled.
enum FlagSpelling {
    static let systemFlags = ["\\Answered", "\\Deleted", "\\Draft", "\\Flagged", "\\Seen"]

    static func canonical(_ flags: [String]) -> [String] {
        var result: [String] = []
        for flag in flags {
            if flag.hasPrefix("\\") {
                let lower = flag.lowercased()
                if lower == "\\recent" { continue }
                if let system = systemFlags.first(where: { $0.lowercased() == lower }) {
                    result.append(system)
                    continue
                }
            }
            result.append(flag)
        }
        return Array(Set(result)).sorted()
    }
}
