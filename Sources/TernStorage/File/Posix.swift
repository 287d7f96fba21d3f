#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, throwing wrappers over the POSIX calls the file backend needs. All of them block; callers
/// run them on the NIO thread pool. Errors become `StorageError`s whose code follows errno.
enum Posix {
    static func error(_ operation: String, _ path: String, errno code: CInt = errno) -> StorageError {
        let reason = String(cString: strerror(code))
        let message = "\(operation) \(path): \(reason) (errno \(code))"
        switch code {
        case ENOENT: return StorageError(.notFound, message)
        case EACCES, EPERM, EROFS: return StorageError(.permissionDenied, message)
        case EEXIST: return StorageError(.alreadyExists, message)
        case ENAMETOOLONG: return StorageError(.invalidArgument, message)
        default: return StorageError(.unavailable, message)
        }
    }

    /// Retries a call interrupted by a signal.
    @discardableResult
    static func retryingEINTR<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }

    static func openFile(_ path: String, _ flags: CInt, mode: mode_t = 0) throws -> CInt {
        let fd = retryingEINTR { open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw error("open", path) }
        return fd
    }

    static func closeFile(_ fd: CInt) {
        // close() must not be retried on EINTR on Linux: the descriptor is gone either way.
        _ = close(fd)
    }

    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = retryingEINTR { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { throw error("write", path) }
            offset += written
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    static func readAt(
        _ fd: CInt,
        into buffer: UnsafeMutableRawBufferPointer,
        at offset: Int,
        path: String
    ) throws -> Int {
        var total = 0
        while total < buffer.count {
            let read = retryingEINTR {
                pread(fd, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            }
            guard read >= 0 else { throw error("read", path) }
            if read == 0 { break }
            total += read
        }
        return total
    }

    /// Creates `path` (which must not exist) holding `bytes`, fsynced; on failure nothing is left.
    static func createDurably(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let fd = try openFile(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        do {
            try writeAll(fd, bytes, path: path)
            try sync(fd, path: path)
            closeFile(fd)
        } catch {
            closeFile(fd)
            _ = try? unlinkItem(path)
            throw error
        }
    }

    static func sync(_ fd: CInt, path: String) throws {
        guard retryingEINTR({ fsync(fd) }) == 0 else { throw error("fsync", path) }
    }

    /// Makes a directory's entries (a rename, link, create or unlink inside it) durable.
    static func fsyncDirectory(_ path: String) throws {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { closeFile(fd) }
        try sync(fd, path: path)
    }

    static func fileSize(_ fd: CInt, path: String) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error("fstat", path) }
        return Int(info.st_size)
    }

    /// Size and modification time (seconds since the epoch), or nil if `path` does not exist.
    static func status(_ path: String) throws -> (size: Int, modified: Int, isDirectory: Bool)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw error("stat", path)
        }
        #if canImport(Darwin)
        let modified = Int(info.st_mtimespec.tv_sec)
        #else
        let modified = Int(info.st_mtim.tv_sec)
        #endif
        return (Int(info.st_size), modified, (info.st_mode & S_IFMT) == S_IFDIR)
    }

    /// Creates a directory; returns false if it already existed.
    static func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o700) == 0 { return true }
        if errno == EEXIST { return false }
        throw error("mkdir", path)
    }

    static func renameItem(_ from: String, _ to: String) throws {
        guard rename(from, to) == 0 else { throw error("rename", "\(from) -> \(to)") }
    }

    /// Hard-links `from` as `to`; fails with `alreadyExists` if `to` exists (atomic create-if-absent).
    static func linkItem(_ from: String, _ to: String) throws {
        guard link(from, to) == 0 else { throw error("link", to) }
    }

    /// Removes a file; returns false if it did not exist.
    @discardableResult
    static func unlinkItem(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw error("unlink", path)
    }

    /// The absolute path with symbolic links, `.` and `..` resolved.
    static func canonicalPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw error("realpath", path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Removes an empty directory; returns false if it is not empty or does not exist.
    static func removeEmptyDirectory(_ path: String) -> Bool {
        rmdir(path) == 0
    }

    /// The names in a directory (without `.` and `..`), or nil if it does not exist.
    static func directoryEntries(_ path: String) throws -> [String]? {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw error("opendir", path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw error("readdir", path) }
                return names
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
