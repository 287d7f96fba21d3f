import Foundation
import NIOCore
import TernAuth
import TernMail
import TernStorage
import Testing

@testable import tern

/// `tern user` without the argument parsing: the user file and the storage keys change together.
@Suite struct UserAdministrationTests {
    struct Fixture {
        let directory: String
        let administration: UserAdministration
        var mail: MailService { administration.mail }
        var userFile: String { administration.userFile }

        init() throws {
            directory = NSTemporaryDirectory() + "tern-user-admin-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let store = MemoryStore()
            let mail = MailService(
                rows: store,
                blobs: store,
                configuration: try MailServiceConfiguration(
                    deploymentSecret: Array("tern-user-admin-test-secret-0123".utf8),
                    writerSlot: 0,
                    kdf: .testing
                )
            )
            var administration = UserAdministration(userFile: directory + "/users.toml", mail: mail)
            administration.hashParameters = ScryptHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)
            self.administration = administration
        }

        func users() throws -> UserDirectory {
            try UserDirectory.parse(String(contentsOfFile: userFile, encoding: .utf8))
        }

        func passwordMatches(_ login: String, _ password: String) throws -> Bool {
            try #require(try users().passwordHash(forLogin: login)).verify(Array(password.utf8))
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func deliver(_ text: String, to login: String, _ mail: MailService) async throws {
        struct One: AsyncSequence, Sendable {
            typealias Element = ByteBuffer
            let buffer: ByteBuffer
            struct AsyncIterator: AsyncIteratorProtocol {
                var buffer: ByteBuffer?
                mutating func next() async throws -> ByteBuffer? {
                    defer { buffer = nil }
                    return buffer
                }
            }
            func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
        }
        _ = try await mail.deliver(to: login, message: One(buffer: ByteBuffer(string: text)))
    }

    static func inboxCount(_ login: String, _ password: String, _ mail: MailService) async throws -> Int {
        let account = try await mail.openAccount(login: login, password: password)
        _ = try await account.importIncoming()
        let count = try await account.mailbox(named: "INBOX").sync().messages.count
        await mail.release(account)
        return count
    }

    @Test func addCreatesFileEntryAndKeys() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.administration.add(login: "alice", password: "hunter2", aliases: ["boss@example.tld"])
        #expect(try fixture.users().user(named: "alice")?.aliases == ["boss@example.tld"])
        #expect(try fixture.passwordMatches("alice", "hunter2"))
        #expect(try await fixture.mail.userExists(login: "alice"))
        _ = try await Self.inboxCount("alice", "hunter2", fixture.mail)
        // Mode 0600: the file holds password hashes.
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.userFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        await #expect(throws: UserFileError.self) {
            try await fixture.administration.add(login: "ALICE", password: "x", aliases: [])
        }
        // An invalid alias is refused before any key is made.
        await #expect(throws: UserFileError.self) {
            try await fixture.administration.add(login: "bob", password: "x", aliases: ["not an address"])
        }
        #expect(try await fixture.mail.userExists(login: "bob") == false)
    }

    @Test func passwdRewrapsAndMailStaysReadable() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.administration.add(login: "alice", password: "hunter2", aliases: [])
        try await Self.deliver("Subject: before\r\n\r\nkept\r\n", to: "alice", fixture.mail)

        await #expect(throws: MailError.self) {
            try await fixture.administration.changePassword(
                login: "alice",
                currentPassword: "wrong",
                newPassword: "n3w"
            )
        }
        #expect(try fixture.passwordMatches("alice", "hunter2"))

        try await fixture.administration.changePassword(login: "alice", currentPassword: "hunter2", newPassword: "n3w")
        #expect(try fixture.passwordMatches("alice", "n3w"))
        #expect(try await Self.inboxCount("alice", "n3w", fixture.mail) == 1)
        await #expect(throws: MailError.self) {
            try await fixture.mail.openAccount(login: "alice", password: "hunter2")
        }
    }

    @Test func resetDeletesMailAndSetsThePassword() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.administration.add(login: "alice", password: "hunter2", aliases: [])
        try await Self.deliver("Subject: lost\r\n\r\nx\r\n", to: "alice", fixture.mail)
        try await fixture.administration.resetPassword(login: "alice", newPassword: "fresh")
        #expect(try fixture.passwordMatches("alice", "fresh"))
        #expect(try await Self.inboxCount("alice", "fresh", fixture.mail) == 0)
    }

    @Test func deleteAndList() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try "domains = [\"example.tld\"]\n".write(toFile: fixture.userFile, atomically: true, encoding: .utf8)
        try await fixture.administration.add(login: "alice", password: "hunter2", aliases: ["boss@example.tld"])
        try await fixture.administration.add(login: "bob", password: "builder", aliases: [])
        #expect(
            try await fixture.administration.list() == [
                .init(
                    login: "alice",
                    addresses: ["alice@example.tld", "boss@example.tld"],
                    hasKeys: true,
                    canLogIn: true
                ),
                .init(login: "bob", addresses: ["bob@example.tld"], hasKeys: true, canLogIn: true),
            ]
        )
        try await fixture.administration.delete(login: "Alice")
        #expect(try fixture.users().users.map(\.login) == ["bob"])
        #expect(try await fixture.mail.userExists(login: "alice") == false)
        await #expect(throws: UserFileError.self) { try await fixture.administration.delete(login: "alice") }
    }
}
