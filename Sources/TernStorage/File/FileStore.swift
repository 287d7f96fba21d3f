import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `file://` backend, Tern's embedded default: a directory holding
///
///     FORMAT          "tern-file-store 1" (refuses to open anything else)
///     blobs/          one file per blob (FileBlobStore, BlobPathMapping)
///     tmp/            blobs being written; stale ones are swept at open
///     rows.sqlite     rows, SQLite in WAL mode, synchronous = FULL (SQLiteRowStore)
///
/// Every acknowledged write is on disk (fsync) before the call returns; see docs/internals/storage.md
/// for the argument. The watch is in-process: writes through any `FileStore` of the same `StorageRuntime`
/// on the same directory wake its waiters. Several processes may share a directory safely, but they do not
/// wake each other's watches.
public final class FileStore: BlobStore, RowStore, Sendable {
    static let formatMarker = "tern-file-store 1\n"
    /// Temp files untouched for this long belong to writers that died; younger ones may be in use.
    public static let staleTempSeconds = 15 * 60

    public let rootPath: String
    public let capabilities: StorageCapabilities
    private let blobs: FileBlobStore
    let rows: SQLiteRowStore
    let hub: RowWatchHub

    private init(
        rootPath: String, capabilities: StorageCapabilities, blobs: FileBlobStore, rows: SQLiteRowStore,
        hub: RowWatchHub
    ) {
        self.rootPath = rootPath
        self.capabilities = capabilities
        self.blobs = blobs
        self.rows = rows
        self.hub = hub
    }

    /// Opens the store at `path` (absolute), creating it if the directory is missing or empty.
    /// Fails with `invalidConfiguration` for a non-empty directory that is not a Tern store.
    /// - Parameters:
    ///   - conditionalCreate: whether to honour `.ifAbsent` (off to exercise callers' fallbacks).
    ///   - runtime: whose watch hubs the store joins (stores of one runtime on one directory wake each other).
    public static func open(
        path: String, conditionalCreate: Bool = true, runtime: StorageRuntime
    ) async throws -> FileStore {
        guard path.hasPrefix("/") else {
            throw StorageError(.invalidConfiguration, "file store path must be absolute: \(path)")
        }
        let given = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let root = try await blocking {
            try prepareDirectory(given)
            return try Posix.canonicalPath(given)
        }
        let rows = try await blocking { try SQLiteRowStore(path: root + "/rows.sqlite") }
        return FileStore(
            rootPath: root,
            capabilities: StorageCapabilities(conditionalCreate: conditionalCreate),
            blobs: FileBlobStore(blobsPath: root + "/blobs", tempPath: root + "/tmp"),
            rows: rows,
            hub: runtime.fileWatches.hub(forRoot: root)
        )
    }

    // MARK: BlobStore

    public func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try StorageKey.validateBlobKey(key)
        try await blobs.put(
            key,
            body: body,
            length: length,
            exclusive: condition == .ifAbsent && capabilities.conditionalCreate
        )
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try StorageKey.validateBlobKey(key)
        return try await blobs.get(key, range: range)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        try StorageKey.validateBlobKey(key)
        return try await blobs.head(key)
    }

    public func copy(from source: String, to destination: String) async throws {
        try StorageKey.validateBlobKey(source)
        try StorageKey.validateBlobKey(destination)
        // Streams the source through a new temp file: same durability as any put, memory bounded by a chunk.
        let read = try await blobs.get(source, range: nil)
        try await blobs.put(destination, body: read.body, length: read.range.count, exclusive: false)
    }

    public func delete(_ key: String) async throws {
        try StorageKey.validateBlobKey(key)
        try await blobs.delete(key)
    }

    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try StorageKey.validatePrefix(prefix)
        try StorageKey.validateLimit(limit)
        return try await blobs.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }

    // MARK: RowStore

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try StorageKey.validateRowWrite(partition: partition, sort: sort, value: value)
        let exclusive = condition == .ifAbsent && capabilities.conditionalCreate
        guard try await rows.put(partition: partition, sort: sort, value: value, exclusive: exclusive) else {
            throw StorageError(.alreadyExists, "row \(partition) \(sort) already exists")
        }
        hub.signal(partition: partition, newestKey: sort)
    }

    /// One transaction for all of `writes`: one fsync, and after a crash all of them or none.
    public func write(_ writes: [RowWrite]) async throws {
        for write in writes {
            switch write {
            case .put(let partition, let sort, let value):
                try StorageKey.validateRowWrite(partition: partition, sort: sort, value: value)
            case .delete(let partition, let sort):
                try StorageKey.validatePartition(partition)
                try StorageKey.validateSortKey(sort)
            }
        }
        try await rows.write(writes)
        for case .put(let partition, let sort, _) in writes { hub.signal(partition: partition, newestKey: sort) }
    }

    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        return try await rows.get(partition: partition, sort: sort)
    }

    public func delete(partition: String, sort: String) async throws {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        try await rows.delete(partition: partition, sort: sort)
    }

    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateLimit(limit)
        let found = try await rows.list(partition: partition, after: after, limit: limit, withValues: true)
        let page = found.prefix(limit).map { Row(sort: $0.sort, value: $0.value ?? ByteBuffer()) }
        return RowPage(rows: page, nextAfter: found.count > limit ? page.last?.sort : nil)
    }

    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateLimit(limit)
        let found = try await rows.list(partition: partition, after: after, limit: limit, withValues: false)
        let keys = found.prefix(limit).map(\.sort)
        return RowKeyPage(keys: keys, nextAfter: found.count > limit ? keys.last : nil)
    }

    public func waitForChange(partition: String, after: String?) async throws {
        try StorageKey.validatePartition(partition)
        let rows = self.rows
        try await hub.wait(partition: partition, after: after) {
            try await rows.hasRow(partition: partition, after: after)
        }
    }

    /// The shared watch registry (exposed so tests can check that waiters share one watch).
    public var watchHub: RowWatchHub { hub }

    // MARK: Opening

    /// Creates or checks the directory layout and sweeps stale temp files. Blocking.
    private static func prepareDirectory(_ root: String) throws {
        try makeDirectoryWithParents(root)
        let marker = root + "/FORMAT"
        if let existing = try readSmallFile(marker, limit: 256) {
            guard existing == formatMarker else {
                throw StorageError(
                    .invalidConfiguration,
                    "\(root) holds an unknown store format: \(existing.debugDescription)"
                )
            }
        } else {
            let unexpected = (try Posix.directoryEntries(root) ?? []).filter {
                !["blobs", "tmp", "FORMAT"].contains($0) && !$0.hasPrefix("FORMAT.")
            }
            guard unexpected.isEmpty else {
                throw StorageError(
                    .invalidConfiguration,
                    "\(root) is not empty and not a Tern file store (found \(unexpected.prefix(3).joined(separator: ", ")))"
                )
            }
            try writeMarker(marker, directory: root)
        }
        for name in ["blobs", "tmp"] {
            if try Posix.makeDirectory(root + "/" + name) { try Posix.fsyncDirectory(root) }
        }
        try sweepStaleTemps(root + "/tmp")
    }

    private static func makeDirectoryWithParents(_ path: String) throws {
        if let status = try Posix.status(path) {
            guard status.isDirectory else {
                throw StorageError(.invalidConfiguration, "\(path) exists and is not a directory")
            }
            return
        }
        let parent = FileBlobStore.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectoryWithParents(parent) }
        if try Posix.makeDirectory(path) { try Posix.fsyncDirectory(parent.isEmpty ? "/" : parent) }
    }

    /// Writes FORMAT durably; if another process won the race, its marker is checked instead.
    private static func writeMarker(_ marker: String, directory: String) throws {
        let temp = marker + ".\(UInt32.random(in: .min ... .max))"
        try Array(formatMarker.utf8).withUnsafeBytes { try Posix.createDurably(temp, $0) }
        defer { _ = try? Posix.unlinkItem(temp) }
        do {
            try Posix.linkItem(temp, marker)
        } catch let error as StorageError where error.code == .alreadyExists {
            guard try readSmallFile(marker, limit: 256) == formatMarker else {
                throw StorageError(.invalidConfiguration, "\(marker) was written concurrently with an unknown format")
            }
        }
        try Posix.fsyncDirectory(directory)
    }

    private static func readSmallFile(_ path: String, limit: Int) throws -> String? {
        let fd: CInt
        do {
            fd = try Posix.openFile(path, O_RDONLY)
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
        defer { Posix.closeFile(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = try bytes.withUnsafeMutableBytes { try Posix.readAt(fd, into: $0, at: 0, path: path) }
        return String(decoding: bytes.prefix(count), as: UTF8.self)
    }

    private static func sweepStaleTemps(_ tempDirectory: String) throws {
        let now = Int(time(nil))
        for name in try Posix.directoryEntries(tempDirectory) ?? [] {
            let path = tempDirectory + "/" + name
            guard let status = try Posix.status(path), !status.isDirectory, now - status.modified > staleTempSeconds
            else { continue }
            _ = try? Posix.unlinkItem(path)
        }
    }
}
