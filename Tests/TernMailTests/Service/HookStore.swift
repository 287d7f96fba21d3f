import NIOCore
import TernStorage

/// A store that runs `before` ahead of every blob GET and row-key listing, so a test can make
/// another frontend act at an exact point of a reader's or packer's sequence of reads.
final class HookStore: ForwardingStore, Sendable {
    enum Access: Sendable {
        case get(String)
        case listKeys(String)
    }

    let base: any BlobStore & RowStore
    var forwardee: any BlobStore & RowStore { base }
    private let before: @Sendable (Access) async -> Void

    init(_ base: any BlobStore & RowStore, before: @escaping @Sendable (Access) async -> Void) {
        self.base = base
        self.before = before
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        await before(.get(key))
        return try await base.get(key, range: range)
    }
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        await before(.listKeys(partition))
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }
}
