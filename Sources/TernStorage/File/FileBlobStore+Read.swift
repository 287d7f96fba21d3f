import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The read half of `FileBlobStore`: `get` and `head`.
extension FileBlobStore {
    /// Size of the chunks `get` delivers after the first: large, since each read is a trip to the I/O threads.
    static let readChunkSize = 256 * 1024
    /// Size of the first chunk, read with the open: small, since readers open several bodies ahead
    /// (FETCH read-ahead) and each holds its first chunk until it is written.
    static let firstReadSize = 64 * 1024
    /// A first chunk up to this size is moved out of its `firstReadSize` buffer into one of its own size,
    /// so that a small message opened ahead holds a few KiB, not 64.
    static let firstReadCopyLimit = 32 * 1024

    /// Opens the file and reads the first chunk in one trip to the I/O threads: most messages fit in
    /// one chunk, and each trip costs two thread hand-offs, far more than reading a cached page.
    ///
    /// Every read buffer is allocated by the calling task, not on the I/O thread that fills it: jemalloc
    /// gives each thread its own arena, and buffers allocated on eight I/O threads left freed pages
    /// resident in eight arenas (a first whole-mailbox FETCH grew RSS by 8 MiB for 2.5 MiB of live heap;
    /// docs/performance.md, "Memory of a fetching session").
    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        let path = "\(blobsPath)/\(try BlobPathMapping.relativePath(forKey: key))"
        // NIO rounds capacities up to a power of two: 64 KiB, not 64 KiB and a sliver (that would be 128).
        let firstCapacity = min(Self.firstReadSize, range?.length ?? Int.max)
        let firstTarget = ReadTarget(ByteBufferAllocator().buffer(capacity: firstCapacity))
        let (handle, selected, read): (ReadHandle, Range<Int>, ByteBuffer?)
        do {
            (handle, selected, read) = try await blocking {
                let handle = try ReadHandle(path: path)
                let selected = range?.clamped(toSize: handle.size) ?? 0..<handle.size
                let count = Self.readLength(from: selected.lowerBound, to: selected.upperBound, chunk: Self.firstReadSize)
                let first = count > 0 ? try handle.read(at: selected.lowerBound, count: count, into: firstTarget) : nil
                return (handle, selected, first)
            }
        } catch let error as StorageError where error.code == .notFound {
            throw StorageError(.notFound, "no blob \(key)")
        }
        let first = read.map(Self.compacted)
        let body = BlobByteStream(makeNext: {
            var offset = selected.lowerBound
            return {
                guard offset < selected.upperBound else { return nil }
                let start = offset
                if start == selected.lowerBound, let first {
                    offset += first.readableBytes
                    return first
                }
                let count = Self.readLength(from: start, to: selected.upperBound, chunk: Self.readChunkSize)
                let target = ReadTarget(ByteBufferAllocator().buffer(capacity: count))
                let chunk = try await blocking { try handle.read(at: start, count: count, into: target) }
                offset += count
                return chunk
            }
        })
        return BlobRead(size: handle.size, range: selected, body: body)
    }

    /// A small first chunk in a buffer of its own size (see `firstReadCopyLimit`); larger ones as they are.
    static func compacted(_ chunk: ByteBuffer) -> ByteBuffer {
        guard chunk.readableBytes <= firstReadCopyLimit, chunk.capacity > chunk.readableBytes * 2 else { return chunk }
        var copy = ByteBufferAllocator().buffer(capacity: chunk.readableBytes)
        copy.writeImmutableBuffer(chunk)
        return copy
    }

    /// One read's length: a chunk, or the rest when only a sliver would be left for another trip
    /// (a sealed blob is a preamble plus whole chunks, so chunk-sized reads leave a few bytes over).
    static func readLength(from start: Int, to end: Int, chunk: Int) -> Int {
        let remaining = end - start
        return remaining <= chunk + readSliverSize ? remaining : chunk
    }

    static let readSliverSize = 4 * 1024

    func head(_ key: String) async throws -> BlobInfo? {
        let path = "\(blobsPath)/\(try BlobPathMapping.relativePath(forKey: key))"
        return try await blocking { try Posix.status(path) }.map { BlobInfo(key: key, size: $0.size) }
    }
}

/// A buffer on its way to an I/O thread to be filled: the box is its only owner, so the I/O thread takes
/// it out uniquely referenced and writes into it without a copy-on-write (which would allocate there).
///
/// `@unchecked Sendable`: used by one thread at a time, handed over through the thread pool's queue.
private final class ReadTarget: @unchecked Sendable {
    private var buffer: ByteBuffer?

    init(_ buffer: ByteBuffer) { self.buffer = buffer }

    func take() -> ByteBuffer {
        defer { buffer = nil }
        return buffer ?? ByteBuffer()
    }
}

/// An open blob file; closed when the last reader lets go of it.
private final class ReadHandle: Sendable {
    let fd: CInt
    let path: String
    let size: Int

    init(path: String) throws {
        let fd = try Posix.openFile(path, O_RDONLY)
        do {
            self.size = try Posix.fileSize(fd, path: path)
        } catch {
            Posix.closeFile(fd)
            throw error
        }
        self.fd = fd
        self.path = path
    }

    /// Reads exactly `count` bytes at `offset` into the target's buffer (grown here if it has no room).
    func read(at offset: Int, count: Int, into target: ReadTarget) throws -> ByteBuffer {
        var buffer = target.take()
        let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
            try Posix.readAt(
                fd,
                into: UnsafeMutableRawBufferPointer(rebasing: pointer[..<count]),
                at: offset,
                path: path
            )
        }
        guard read == count else {
            throw StorageError(.integrity, "blob file \(path) ended at \(offset + read), before its size \(size)")
        }
        return buffer
    }

    deinit { Posix.closeFile(fd) }
}
