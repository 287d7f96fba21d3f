#if canImport(Glibc)
import Glibc
#endif

/// Sends sd_notify(3) messages (`READY=1`, `WATCHDOG=1`, `STOPPING=1`) to systemd: one datagram on a
/// Unix socket per message, as libsystemd does, so nothing stays open between the rare messages.
struct SystemdNotifier: Sendable {
    let target: SystemdNotifyTarget

    /// True when systemd got the message. A failure is not fatal to the server: the caller logs it.
    @discardableResult
    func send(_ message: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = target.address.socketPathBytes
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: pathBytes)
        }
        // Abstract names are exactly as long as given; the path form's NUL is already in the zeroed struct.
        let length = MemoryLayout<sa_family_t>.size + pathBytes.count
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress,
                           socklen_t(length))
                }
            }
        }
        return sent == payload.count
    }
}

extension SystemdNotifier {
    /// The notifier for this process when systemd started it as a notify service, else nil.
    static func forThisProcess() -> SystemdNotifier? {
        var environment: [String: String] = [:]
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return SystemdNotifyTarget(environment: environment, processID: getpid()).map(SystemdNotifier.init)
    }
}
