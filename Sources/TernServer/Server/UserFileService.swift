import ServiceLifecycle
import TernAuth

/// Reloads the user file when it changes or on SIGHUP, for as long as the server runs.
struct UserFileService: Service {
    let users: StaticUserFile

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await users.run()
        }
    }
}
