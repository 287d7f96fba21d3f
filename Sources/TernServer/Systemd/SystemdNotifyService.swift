import Logging
import ServiceLifecycle

/// Keeps systemd informed for a `Type=notify` unit: pings the watchdog while the server runs and says
/// `STOPPING=1` as soon as graceful shutdown starts (so `systemctl stop` shows the right state while
/// sessions close). `READY=1` is sent by the runtime once every listener is bound.
struct SystemdNotifyService: Service {
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        if let interval = notifier.target.watchdogPingInterval {
            await cancelWhenGracefulShutdown {
                while true {
                    do { try await Task.sleep(for: interval) } catch { return }
                    if !notifier.send("WATCHDOG=1") {
                        logger.warning("systemd watchdog ping failed")
                    }
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        notifier.send("STOPPING=1")
    }
}
