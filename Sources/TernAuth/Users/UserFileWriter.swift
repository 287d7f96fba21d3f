#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Edits a user file safely: one editor at a time (an exclusive `flock` on `<path>.lock`), and the new version
/// written aside, flushed to disk and renamed over the old one, so a server reloading at any moment reads either
/// the old file or the new one, never half of one.
public enum UserFileWriter {
    /// Runs `edit` with the current directory (empty when the file does not exist yet) and writes what it returns.
    /// `edit` may do other work first (create keys in storage); the lock is held throughout.
    public static func update<Result>(
        path: String,
        _ edit: (UserDirectory) async throws -> (UserDirectory, Result)
    ) async throws -> Result {
        let lockDescriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw UserFileError(.io, "cannot open \(path).lock") }
        defer { close(lockDescriptor) }
        guard flock(lockDescriptor, LOCK_EX) == 0 else { throw UserFileError(.io, "cannot lock \(path).lock") }
        let current: UserDirectory
        if access(path, F_OK) == 0 {
            current = try UserDirectory.parse(try StaticUserFile.read(path))
        } else {
            current = .empty
        }
        let (updated, result) = try await edit(current)
        try write(updated, to: path)
        return result
    }

    /// Replaces the file with `directory`, atomically (mode 0600: it holds password hashes).
    public static func write(_ directory: UserDirectory, to path: String) throws(UserFileError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw UserFileError(.io, "cannot create \(temporary)") }
        let bytes = Array(directory.rendered().utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                throw UserFileError(.io, "cannot write \(temporary)")
            }
            written += count
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw UserFileError(.io, "cannot flush \(temporary)")
        }
        guard rename(temporary, path) == 0 else { throw UserFileError(.io, "cannot replace \(path)") }
        // Make the rename itself durable.
        let slash = path.lastIndex(of: "/")
        let parent = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let directoryDescriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}
