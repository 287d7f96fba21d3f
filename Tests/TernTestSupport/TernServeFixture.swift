import Foundation

/// What `tern serve --config FILE` tests start from: a directory in which a `tern dev` run left its store,
/// deployment secret, user file (alice / hunter2) and certificate, and a configuration over them.
public enum TernServeFixture {
    /// Runs `tern dev` once in a new directory, then writes `tern.toml` there: the common keys, the `[listen]`
    /// lines given, the file store, the certificate, and `extra` (more tables) at the end. Returns the directory
    /// (the caller removes it) and the configuration's path.
    public static func prepare(listen: String, extra: String = "") async throws -> (directory: String, config: String) {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        let dev = try await TernDevServer.start(.init(dataDirectory: directory))
        await dev.stop()
        let config = directory + "/tern.toml"
        try """
            hostname = "mail.test"
            writer_slot = 5
            deployment_secret_file = "deployment-secret"
            user_file = "users.toml"
            [listen]
            \(listen)
            [storage]
            url = "file://\(directory)/store"
            [tls]
            certificate = "tls-cert.pem"
            key = "tls-key.pem"
            \(extra)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return (directory, config)
    }
}

extension BackgroundProcess {
    /// The port of the first `name=ADDR:PORT` field of a `tern-ready` line, nil when there is none.
    public func readyPort(_ name: String) -> String? {
        readyLine.split(separator: " ").first { $0.hasPrefix("\(name)=") }
            .flatMap { $0.split(separator: ",").first?.split(separator: ":").last }.map(String.init)
    }
}
