import ServiceLifecycle
import TernMail

/// The mail service's background work (accounts' imports of delivered mail) as a service: at graceful shutdown it
/// ends that work. Placed right after storage in the service group, so it stops after the listeners and LMTP/SASL
/// (no session can start an import any more) and before storage.
struct MailBackgroundService: Service {
    let mail: MailService

    func run() async throws {
        // Returns at graceful shutdown, or throws CancellationError when the group is cancelled: either way the
        // background work ends before this service does.
        try? await gracefulShutdown()
        await mail.stopBackgroundWork()
    }
}
