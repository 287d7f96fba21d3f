import Foundation
import TernTestSupport
import Testing

/// `tern config check FILE` as an admin runs it: the effective settings on success, the key and the reason
/// and a non-zero exit on error.
@Suite struct ConfigCheckCommandTests {
    private func check(_ toml: String) async throws -> ExternalCommand.Result {
        let directory = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/tern.toml"
        try toml.write(toFile: file, atomically: true, encoding: .utf8)
        return try await ExternalCommand.run(try TernDevServer.binaryPath(), ["config", "check", file], timeout: .seconds(60))
    }

    static let valid = """
        writer_slot = 1
        deployment_secret_file = "secret"
        user_file = "users.toml"
        [listen]
        imaps = ["127.0.0.1:993"]
        [storage]
        url = "file:///var/lib/tern/store"
        [tls]
        certificate = "cert.pem"
        key = "key.pem"
        [limits]
        max_connections = 500
        """

    @Test func printsEveryEffectiveSetting() async throws {
        let result = try await check(Self.valid)
        #expect(result.succeeded, "\(result)")
        #expect(result.output.contains("max_connections = 500\n"), "\(result.output)")
        // Defaults the file did not set.
        #expect(result.output.contains("max_connections_per_user_ip = 10\n"), "\(result.output)")
        #expect(result.output.contains("imaps = [\"127.0.0.1:993\"]\n"), "\(result.output)")
    }

    @Test func anErrorNamesTheKeyAndFails() async throws {
        let result = try await check(Self.valid + "\nmax_message_bytes = 10\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.output.contains("limits.max_message_bytes"), "\(result.output)")
        let misspelt = try await check(Self.valid.replacingOccurrences(of: "max_connections", with: "max_conections"))
        #expect(misspelt.status == 1, "\(misspelt)")
        #expect(misspelt.output.contains("max_conections"), "\(misspelt.output)")
    }
}
