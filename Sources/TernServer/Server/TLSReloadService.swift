import ServiceLifecycle

/// Reloads the TLS certificate and key on SIGHUP, for as long as the server runs.
struct TLSReloadService: Service {
    let tls: TLSContextSource

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await tls.run()
        }
    }
}
