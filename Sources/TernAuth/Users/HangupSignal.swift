import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's one SIGHUP handler: it only counts arrivals (async-signal-safe), and every reloader (the user
/// file, the TLS certificate) polls the count and acts when it moved since it last looked. One handler, so
/// installing it twice or from two reloaders cannot replace the other's.
public enum HangupSignal {
    // Written only by the signal handler (a single sig_atomic_t store), read by the poll loops.
    nonisolated(unsafe) private static let counter: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
    private static let installed = NIOLockedValueBox(false)

    /// SIGHUPs received since `install()`.
    public static var count: sig_atomic_t { counter.pointee }

    /// Makes SIGHUP count instead of terminating the process. Idempotent.
    public static func install() {
        installed.withLockedValue { installed in
            guard !installed else { return }
            installed = true
            _ = counter
            signal(SIGHUP) { _ in HangupSignal.counter.pointee &+= 1 }
        }
    }
}
