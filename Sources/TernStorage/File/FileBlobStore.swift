import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The blob half of the `file://` store: one file per blob under `blobs/` (see `BlobPathMapping`).
///
/// Durability: a blob is written to `tmp/`, fsynced, renamed (or, for a conditional create, hard-linked)
/// into place, and the destination directory is fsynced before `put` returns; every directory on the
/// way was fsynced into its parent when created. A crash leaves either no blob or the whole blob, plus
/// at most a stray temp file that `FileStore.open` removes later. Blobs are never modified in place,
/// so a reader that opened a file keeps reading the same bytes even if the key is replaced or deleted.
final class FileBlobStore: Sendable {
    /// Incoming chunks smaller than this are gathered before a write, bounding syscalls and memory alike.
    static let writeBatchSize = 256 * 1024
    /// Attempts at moving a blob into place when a concurrent delete removes the emptied directory.
    static let installAttempts = 8

    let blobsPath: String
    let tempPath: String
    private let knownDurableDirectories = DurableDirectorySet()

    init(blobsPath: String, tempPath: String) {
        self.blobsPath = blobsPath
        self.tempPath = tempPath
    }

    // MARK: Put

    /// A body that fits in one write batch (most messages, every metadata record) is written,
    /// fsynced and moved into place in one trip to the I/O threads; a larger one streams in batches.
    func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        exclusive: Bool
    ) async throws where Body.Element == ByteBuffer {
        let relative = try BlobPathMapping.relativePath(forKey: key)
        guard length >= 0 else { throw StorageError(.invalidArgument, "negative blob length \(length)") }
        let temp = "\(tempPath)/\(UInt64.random(in: .min ... .max).hex)\(UInt64.random(in: .min ... .max).hex).tmp"
        var iterator = body.makeAsyncIterator()
        var first = ByteBuffer()
        var ended = false
        while first.readableBytes < Self.writeBatchSize {
            guard var chunk = try await iterator.next() else {
                ended = true
                break
            }
            guard first.readableBytes + chunk.readableBytes <= length else {
                throw StorageError(.invalidArgument, "blob \(key) body is longer than the declared \(length) bytes")
            }
            if first.readableBytes == 0 {
                first = chunk
            } else {
                first.writeBuffer(&chunk)
            }
        }
        if ended {
            guard first.readableBytes == length else {
                throw StorageError(
                    .invalidArgument, "blob \(key) body has \(first.readableBytes) of the declared \(length) bytes")
            }
            let whole = first
            let unsynced = try await blocking {
                try whole.withUnsafeReadableBytes { try Posix.createDurably(temp, $0) }
                do {
                    return try self.install(temp, as: relative, exclusive: exclusive)
                } catch {
                    _ = try? Posix.unlinkItem(temp)
                    throw error
                }
            }
            try await syncSideBySide(unsynced)
            return
        }
        let fd = try await blocking { try Posix.openFile(temp, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600) }
        var open = true
        do {
            let head = first
            try await blocking { try head.withUnsafeReadableBytes { try Posix.writeAll(fd, $0, path: temp) } }
            try await writeRest(of: &iterator, to: fd, path: temp, written: head.readableBytes, length: length, key: key)
            try await blocking { try Posix.sync(fd, path: temp) }
            Posix.closeFile(fd)
            open = false
            let unsynced = try await blocking { try self.install(temp, as: relative, exclusive: exclusive) }
            try await syncSideBySide(unsynced)
        } catch {
            if open { Posix.closeFile(fd) }
            _ = try? Posix.unlinkItem(temp)
            throw error
        }
    }

    /// Writes what `iterator` still delivers after the `written` bytes already in the file.
    private func writeRest<Iterator: AsyncIteratorProtocol>(
        of iterator: inout Iterator,
        to fd: CInt,
        path: String,
        written alreadyWritten: Int,
        length: Int,
        key: String
    ) async throws where Iterator.Element == ByteBuffer {
        var written = alreadyWritten
        var batch = ByteBuffer()
        while let chunk = try await iterator.next() {
            guard written + batch.readableBytes + chunk.readableBytes <= length else {
                throw StorageError(.invalidArgument, "blob \(key) body is longer than the declared \(length) bytes")
            }
            if batch.readableBytes == 0 && chunk.readableBytes >= Self.writeBatchSize {
                try await blocking { try chunk.withUnsafeReadableBytes { try Posix.writeAll(fd, $0, path: path) } }
                written += chunk.readableBytes
                continue
            }
            var chunk = chunk
            batch.writeBuffer(&chunk)
            if batch.readableBytes >= Self.writeBatchSize {
                let full = batch
                try await blocking { try full.withUnsafeReadableBytes { try Posix.writeAll(fd, $0, path: path) } }
                written += full.readableBytes
                batch.clear()
            }
        }
        if batch.readableBytes > 0 {
            let rest = batch
            try await blocking { try rest.withUnsafeReadableBytes { try Posix.writeAll(fd, $0, path: path) } }
            written += rest.readableBytes
        }
        guard written == length else {
            throw StorageError(.invalidArgument, "blob \(key) body has \(written) of the declared \(length) bytes")
        }
    }

    /// Moves a finished, fsynced temp file into place and makes its directory entries durable. One
    /// directory to sync (the usual case) is synced here; when the put created directories (a
    /// mailbox's first message, every LMTP delivery's part directory), their parents and the
    /// destination are returned, to be synced side by side (`syncSideBySide`) instead of one after
    /// the other: each must be durable before `put` returns, in no particular order.
    private func install(_ temp: String, as relative: String, exclusive: Bool) throws -> [DirectorySync] {
        let destination = "\(blobsPath)/\(relative)"
        let parent = Self.parent(of: destination)
        for attempt in 1...Self.installAttempts {
            var unsynced = try ensureDirectories(for: relative)
            do {
                if exclusive {
                    // link() fails with EEXIST instead of replacing: an atomic create-if-absent.
                    try Posix.linkItem(temp, destination)
                    try Posix.unlinkItem(temp)
                } else {
                    try Posix.renameItem(temp, destination)
                }
                unsynced.append(DirectorySync(path: parent, durableChild: nil))
                guard unsynced.count == 1 else { return unsynced }
                try Posix.fsyncDirectory(parent)
                return []
            } catch let error as StorageError where error.code == .notFound && attempt < Self.installAttempts {
                // A concurrent delete removed the (then empty) directory; create it again.
                knownDurableDirectories.remove(parent)
                continue
            } catch let error as StorageError where error.code == .alreadyExists {
                throw StorageError(.alreadyExists, "blob \(relative) already exists")
            }
        }
        return []
    }

    /// Creates the directories of `relative`; returns the parents to fsync for those this process has
    /// not made durable yet (created now, or found but never synced here).
    private func ensureDirectories(for relative: String) throws -> [DirectorySync] {
        var unsynced: [DirectorySync] = []
        var path = blobsPath
        for component in relative.split(separator: "/").dropLast() {
            let parent = path
            path += "/" + component
            let created = try Posix.makeDirectory(path)
            if created || !knownDurableDirectories.contains(path) {
                unsynced.append(DirectorySync(path: parent, durableChild: path))
            }
        }
        return unsynced
    }

    /// Fsyncs `directories` at once, each on its own I/O thread; records the directories made durable.
    private func syncSideBySide(_ directories: [DirectorySync]) async throws {
        guard !directories.isEmpty else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for directory in directories {
                group.addTask {
                    try await blocking { try Posix.fsyncDirectory(directory.path) }
                    if let child = directory.durableChild { self.knownDurableDirectories.insert(child) }
                }
            }
            try await group.waitForAll()
        }
    }

    // MARK: Delete

    func delete(_ key: String) async throws {
        let relative = try BlobPathMapping.relativePath(forKey: key)
        try await blocking {
            let path = "\(self.blobsPath)/\(relative)"
            guard try Posix.unlinkItem(path) else { return }
            var directory = Self.parent(of: path)
            do {
                try Posix.fsyncDirectory(directory)
            } catch let error as StorageError where error.code == .notFound {
                // A concurrent delete emptied and removed the directory: the entry went with it.
                return
            }
            // Remove directories the delete emptied, so listings do not wade through them.
            while directory != self.blobsPath, Posix.removeEmptyDirectory(directory) {
                self.knownDurableDirectories.remove(directory)
                directory = Self.parent(of: directory)
            }
        }
    }

    // MARK: List

    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await blocking {
            var walk = ListingWalk(prefix: prefix, startAfter: startAfter, wanted: limit + 1)
            try walk.run(blobsPath: self.blobsPath)
            let more = walk.found.count > limit
            let entries = Array(walk.found.prefix(limit))
            return BlobListPage(entries: entries, nextStartAfter: more ? entries.last?.key : nil)
        }
    }

    // MARK: Helpers

    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return String(path[..<slash])
    }
}

/// Runs blocking file work off the event loops and the cooperative pool, on a process-wide pool of its own:
/// most of the work is fsync, which waits on the disk rather than the CPU, so more threads than cores
/// let concurrent writers' fsyncs overlap (and reads need not queue behind NIO's other blocking work).
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await FileIOThreads.pool.runIfActive(work)
}

enum FileIOThreads {
    /// Threads for file I/O; lives as long as the process.
    static let count = 8
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
        return pool
    }()
}

/// A directory whose entries must be fsynced; `durableChild` is the subdirectory whose own entry that makes durable.
private struct DirectorySync: Sendable {
    let path: String
    let durableChild: String?
}

/// Directories this process has made durable in their parent (so it fsyncs each parent once, not per put).
/// Bounded: past `limit` entries it starts over, which only costs extra fsyncs.
private final class DurableDirectorySet: Sendable {
    static let limit = 100_000
    private let paths = NIOLockedValueBox(Set<String>())

    func contains(_ path: String) -> Bool { paths.withLockedValue { $0.contains(path) } }

    func insert(_ path: String) {
        paths.withLockedValue { paths in
            if paths.count >= Self.limit { paths.removeAll(keepingCapacity: true) }
            paths.insert(path)
        }
    }

    func remove(_ path: String) { _ = paths.withLockedValue { $0.remove(path) } }
}

extension UInt64 {
    fileprivate var hex: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
