import ServiceLifecycle
import TernMail

/// Renews the writer slot's lease while the server runs (`SlotLeaseKeeper`), and releases it at graceful
/// shutdown. Placed right after storage in the service group, so it stops after everything that writes and
/// before storage.
struct WriterSlotService: Service {
    let keeper: SlotLeaseKeeper

    func run() async throws {
        // keepRenewing returns when cancelled; after a stop it idles until shutdown (the server keeps answering,
        // unhealthy, so that the operator sees why).
        await cancelWhenGracefulShutdown { await keeper.keepRenewing() }
        try? await gracefulShutdown()
        await keeper.release()
    }
}
