import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Users from a TOML file (format: `UserDirectory+TOML.swift`), reloaded when the file changes (its modification
/// time, size or inode, polled) or on SIGHUP. A reload that fails keeps the users already loaded and logs why.
/// Conforms to both seams: `PasswordAuthenticator` (IMAP, SASL) and `RecipientResolver` (LMTP).
public final class StaticUserFile: PasswordAuthenticator, RecipientResolver, Sendable {
    private struct Loaded: Sendable {
        var directory: UserDirectory
        var identity: FileIdentity?
    }

    public let path: String
    private let gate: AuthenticationGate
    private let logger: Logger
    private let loaded: NIOLockedValueBox<Loaded>

    /// Loads the file now; a missing or invalid file is an error here (later reload failures only log).
    public init(path: String, gate: AuthenticationGate, logger: Logger) throws(UserFileError) {
        self.path = path
        self.gate = gate
        self.logger = logger
        let identity = FileIdentity(path: path)
        let directory = try UserDirectory.parse(try Self.read(path))
        self.loaded = NIOLockedValueBox(Loaded(directory: directory, identity: identity))
        logLoaded(directory)
    }

    /// The users as last loaded.
    public var directory: UserDirectory { loaded.withLockedValue { $0.directory } }

    public func authenticate(login: String, password: String, remoteAddress: String?) async -> AuthenticationOutcome {
        let directory = self.directory
        let canonical = directory.canonicalLogin(for: login)
        return await gate.check(
            typedLogin: login.lowercased(),
            login: canonical,
            hash: canonical.flatMap { directory.passwordHash(forLogin: $0) },
            password: password,
            remoteAddress: remoteAddress
        )
    }

    public func login(forRecipient address: String) async -> String? {
        directory.login(forRecipient: address)
    }

    /// Reads and swaps in the file. On error the current users stay and the error is thrown.
    public func reload() throws(UserFileError) {
        let identity = FileIdentity(path: path)
        let previous = directory
        let directory = try UserDirectory.parse(try Self.read(path), reusingHashesOf: previous)
        loaded.withLockedValue { $0 = Loaded(directory: directory, identity: identity) }
        logLoaded(directory)
    }

    /// Reloads if the file's identity changed since the last load; errors are logged, the old users kept.
    /// Returns whether a new version was loaded.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        let identity = FileIdentity(path: path)
        guard identity != loaded.withLockedValue({ $0.identity }) else { return false }
        return reloadLoggingErrors(reason: "file changed", identity: identity)
    }

    /// Polls for changes and watches SIGHUP until the task is cancelled. SIGHUP is noticed at the next poll.
    public func run(pollInterval: Duration = .seconds(2)) async {
        HangupSignal.install()
        var seenHangups = HangupSignal.count
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            let hangups = HangupSignal.count
            if hangups != seenHangups {
                seenHangups = hangups
                _ = reloadLoggingErrors(reason: "SIGHUP", identity: FileIdentity(path: path))
            } else {
                reloadIfChanged()
            }
        }
    }

    /// Makes SIGHUP count instead of terminating the process (`HangupSignal`). Idempotent; `run` calls it.
    public static func installHangupHandler() {
        HangupSignal.install()
    }

    private func reloadLoggingErrors(reason: String, identity: FileIdentity?) -> Bool {
        do {
            try reload()
            return true
        } catch {
            // Remember the broken version so it is reported once, not at every poll.
            loaded.withLockedValue { $0.identity = identity }
            logger.error(
                "user file not reloaded, keeping the previous users",
                metadata: ["path": "\(path)", "reason": "\(reason)", "error": "\(error)"]
            )
            return false
        }
    }

    private func logLoaded(_ directory: UserDirectory) {
        logger.info("user file loaded", metadata: ["path": "\(path)", "users": "\(directory.users.count)"])
        for (login, error) in directory.unusableHashes.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "user cannot log in: unusable password hash",
                metadata: ["path": "\(path)", "user": "\(login)", "error": "\(error)"]
            )
        }
    }

    /// The text of a user file (at most `UserDirectory.maxFileBytes`, UTF-8).
    public static func read(_ path: String) throws(UserFileError) -> String {
        guard let bytes = BoundedFileReader.read(path: path, limit: UserDirectory.maxFileBytes) else {
            throw UserFileError(.io, "cannot read user file \(path)")
        }
        guard bytes.count <= UserDirectory.maxFileBytes else {
            throw UserFileError(.tooLarge, "user file \(path) is larger than \(UserDirectory.maxFileBytes) bytes")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UserFileError(.syntax, "user file \(path) is not UTF-8")
        }
        return text
    }
}

/// What tells two versions of a file apart without reading it.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
