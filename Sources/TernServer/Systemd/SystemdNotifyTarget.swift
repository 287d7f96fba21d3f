/// Where systemd listens for this service's state changes, and how often it expects a watchdog ping
/// (the sd_notify(3) protocol). systemd sets `NOTIFY_SOCKET` for a `Type=notify` unit and
/// `WATCHDOG_USEC`/`WATCHDOG_PID` when the unit has `WatchdogSec=`. Pure: the environment is passed in.
struct SystemdNotifyTarget: Equatable, Sendable {
    enum Address: Equatable, Sendable {
        /// A socket file, e.g. `/run/systemd/notify`.
        case path(String)
        /// A Linux abstract socket: `NOTIFY_SOCKET` starts with `@`, which stands for the leading NUL.
        case abstract(String)

        /// The bytes of `sun_path`: abstract names start with a NUL byte and have no terminator.
        var socketPathBytes: [UInt8] {
            switch self {
            case .path(let path): Array(path.utf8)
            case .abstract(let name): [0] + Array(name.utf8)
            }
        }
    }

    /// `sun_path` holds 108 bytes on Linux; a path file also needs its terminating NUL.
    static let maxSocketPathBytes = 107

    var address: Address
    /// How often to ping: half of what systemd waits, as sd_watchdog_enabled(3) advises. Nil without a watchdog.
    var watchdogPingInterval: Duration?

    /// Nil when not started by systemd as a notify service, or when the socket kind is not supported
    /// (systemd also offers vsock addresses, for virtual machines; Tern does not need them).
    init?(environment: [String: String], processID: Int32) {
        guard let socket = environment["NOTIFY_SOCKET"], let first = socket.first else { return nil }
        switch first {
        case "/": address = .path(socket)
        case "@": address = .abstract(String(socket.dropFirst()))
        default: return nil
        }
        guard address.socketPathBytes.count <= Self.maxSocketPathBytes else { return nil }
        watchdogPingInterval = Self.pingInterval(environment: environment, processID: processID)
    }

    private static func pingInterval(environment: [String: String], processID: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        // The watchdog is meant for one process; a child that inherited the variables must not ping for it.
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != processID { return nil }
        return .microseconds(Int64(clamping: microseconds / 2))
    }
}
