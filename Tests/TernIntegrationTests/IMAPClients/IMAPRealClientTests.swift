import Foundation
import TernTestSupport
import Testing

/// Real IMAP clients against `tern dev` over STARTTLS, the certificate verified from the file tern dev
/// wrote: mbsync (Debian isync) two-way sync of 1,000 messages with changes on both sides, and
/// offlineimap (Debian offlineimap3) with folder creation. The scripts assert no duplicate and no loss.
@Suite struct IMAPRealClientTests {
    /// Once per TLS engine (`--tls-engine`).
    @Test(arguments: IMAPTLSTests.engines) func mbsyncTwoWaySyncOfAThousandMessages(engine: String) async throws {
        try await IMAPTestEnvironment.ensureInstalled(binary: "mbsync", package: "isync")
        let server = try await TernDevServer.start(.init(users: 1, extraArguments: ["--tls-engine", engine]))
        let workdir = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPClients", "mbsync_two_way.py"), "--host", server.imap.host,
                "--port", String(server.imap.port), "--user", "user1", "--password", TernDevServer.bulkPassword,
                "--certificate", server.certificatePath, "--workdir", workdir, "--count", "1000",
            ], timeout: .seconds(1200))
        #expect(result.succeeded, "\(result)\n--- server (tail) ---\n\(server.logs().suffix(4000))")
        await server.stop()
    }

    @Test func offlineimapSyncsFoldersBothWays() async throws {
        try await IMAPTestEnvironment.ensureInstalled(binary: "offlineimap", package: "offlineimap3")
        let server = try await TernDevServer.start(.init(users: 1))
        let workdir = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        // "localhost": offlineimap checks the certificate's host name (tern dev's certificate names localhost).
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPClients", "offlineimap_sync.py"), "--host", "localhost",
                "--port", String(server.imap.port), "--user", "user1", "--password", TernDevServer.bulkPassword,
                "--certificate", server.certificatePath, "--workdir", workdir,
            ], timeout: .seconds(600))
        #expect(result.succeeded, "\(result)\n--- server (tail) ---\n\(server.logs().suffix(4000))")
        await server.stop()
    }

    /// The same offlineimap scenario with `usecompression = yes`: COMPRESS=DEFLATE inside STARTTLS, with
    /// imaplib2's zlib on the other end; the server's log shows that the sessions did compress.
    @Test func offlineimapSyncsCompressed() async throws {
        try await IMAPTestEnvironment.ensureInstalled(binary: "offlineimap", package: "offlineimap3")
        let server = try await TernDevServer.start(.init(users: 1))
        let workdir = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPClients", "offlineimap_sync.py"), "--host", "localhost",
                "--port", String(server.imap.port), "--user", "user1", "--password", TernDevServer.bulkPassword,
                "--certificate", server.certificatePath, "--workdir", workdir, "--compress",
            ], timeout: .seconds(600))
        #expect(result.succeeded, "\(result)\n--- server (tail) ---\n\(server.logs().suffix(4000))")
        #expect(server.logs().contains("COMPRESS DEFLATE active"), "no session compressed")
        await server.stop()
    }
}
