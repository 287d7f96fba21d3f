import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import TernAuth

/// The TLS context a new connection gets (implicit TLS at accept, STARTTLS when asked). `reload()` (on SIGHUP)
/// reads the files again and swaps in a new context; connections already in TLS keep the one they started with,
/// since their handler holds it. A new version that does not load keeps the old one and logs why.
public final class TLSContextSource: Sendable {
    public let files: ServerConfiguration.TLSFiles
    /// Which implementation `makeServerHandler()` uses; a reload keeps it.
    public let engine: TLSEngine
    private let loaded: NIOLockedValueBox<ServerTLS>
    private let logger: Logger

    /// Loads the files now; an error here stops the start (later reload errors only log).
    public convenience init(files: ServerConfiguration.TLSFiles, engine: TLSEngine = .nioSSL, logger: Logger) throws {
        self.init(files: files, loaded: try ServerTLS(files: files, engine: engine), logger: logger)
    }

    init(files: ServerConfiguration.TLSFiles, loaded: ServerTLS, logger: Logger) {
        self.files = files
        self.engine = loaded.engine
        self.loaded = NIOLockedValueBox(loaded)
        self.logger = logger
    }

    /// The material as last loaded.
    public var current: ServerTLS { loaded.withLockedValue { $0 } }

    /// What a connection starting TLS now uses: one lock and a reference copy, cheap enough for every accept.
    public var context: NIOSSLContext { loaded.withLockedValue { $0.context } }

    /// The server-side TLS handler of a connection starting TLS now, on the configured engine and the current
    /// material. Call on the connection's event loop.
    func makeServerHandler() -> any ChannelHandler {
        let current = self.current
        if let openSSL = current.openSSLContext { return OpenSSLServerHandler(context: openSSL, logger: logger) }
        return NIOSSLServerHandler(context: current.context)
    }

    /// Reads the files and swaps in the new context; on error the current one stays and the error is logged
    /// (the file and what is wrong with it). Returns whether the new material is in use.
    @discardableResult
    public func reload() -> Bool {
        let previous = current.fingerprint
        let next: ServerTLS
        do {
            next = try ServerTLS(files: files, engine: engine)
        } catch {
            logger.error(
                "TLS certificate not reloaded, keeping the previous one",
                metadata: ["error": "\(error)", "fingerprint": "\(previous)"])
            return false
        }
        loaded.withLockedValue { $0 = next }
        logger.notice(
            "TLS certificate loaded",
            metadata: [
                "path": "\(files.certificatePath)", "fingerprint": "\(next.fingerprint)",
                "previous_fingerprint": "\(previous)", "not_valid_after": "\(next.notValidAfter)",
            ])
        return true
    }

    /// Reloads on every SIGHUP (`HangupSignal`, shared with the user file) until the task is cancelled.
    /// A SIGHUP is noticed at the next poll.
    public func run(pollInterval: Duration = .seconds(1)) async {
        HangupSignal.install()
        var seen = HangupSignal.count
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            let count = HangupSignal.count
            guard count != seen else { continue }
            seen = count
            reload()
        }
    }
}
