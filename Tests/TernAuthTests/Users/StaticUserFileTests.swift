import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import TernAuth

@Suite struct StaticUserFileTests {
    static let hunter2 = UserDirectoryTests.hunter2
    static let fastDecoy = ScryptHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)

    static func file(users: [(String, String)], domains: [String] = ["example.tld"]) -> String {
        var text = "domains = [\(domains.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        for (login, hash) in users { text += "[users.\"\(login)\"]\npassword = \"\(hash)\"\n" }
        return text
    }

    static func gate(policy: LoginFailureLimiter.Policy = .init()) throws -> AuthenticationGate {
        try AuthenticationGate(policy: policy, decoyParameters: fastDecoy)
    }

    @Test func loadsAndReloadsOnChange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.replace("users.toml", with: Self.file(users: [("alice", Self.hunter2)]))
        let users = try StaticUserFile(
            path: directory.file("users.toml"),
            gate: Self.gate(),
            logger: Logger(label: "t")
        )
        #expect(users.directory.users.map(\.login) == ["alice"])
        #expect(users.reloadIfChanged() == false)

        try directory.replace("users.toml", with: Self.file(users: [("alice", Self.hunter2), ("bob", Self.hunter2)]))
        #expect(users.reloadIfChanged() == true)
        #expect(users.directory.users.map(\.login) == ["alice", "bob"])

        // A broken version is reported and the last good users stay.
        try directory.replace("users.toml", with: "[users.alice\n")
        #expect(users.reloadIfChanged() == false)
        #expect(users.directory.users.map(\.login) == ["alice", "bob"])
        #expect(throws: UserFileError.self) { try users.reload() }
        #expect(users.directory.users.map(\.login) == ["alice", "bob"])
    }

    @Test func missingFileIsAnErrorAtStart() throws {
        #expect(throws: UserFileError.self) {
            try StaticUserFile(path: "/nonexistent/users.toml", gate: Self.gate(), logger: Logger(label: "t"))
        }
    }

    /// A change the poll cannot see (same size, same inode, modification time put back) is picked up on SIGHUP.
    @Test func reloadsOnHangup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("users.toml")
        try directory.replace("users.toml", with: Self.file(users: [("alice", Self.hunter2)]))
        let users = try StaticUserFile(path: path, gate: Self.gate(), logger: Logger(label: "t"))
        var before = stat()
        #expect(stat(path, &before) == 0)
        let edited = Self.file(users: [("carl", Self.hunter2)])
        #expect(edited.utf8.count == Self.file(users: [("alice", Self.hunter2)]).utf8.count - 1)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data((edited + " ").utf8))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(users.reloadIfChanged() == false)
        #expect(users.directory.users.map(\.login) == ["alice"])

        StaticUserFile.installHangupHandler()
        let watcher = Task { await users.run(pollInterval: .milliseconds(10)) }
        defer { watcher.cancel() }
        for _ in 0..<500 where users.directory.users.first?.login != "carl" {
            kill(getpid(), SIGHUP)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(users.directory.users.map(\.login) == ["carl"])
    }

    @Test func authenticatesByLoginAddressOrAlias() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.replace(
            "users.toml",
            with: Self.file(users: [("alice", Self.hunter2)]) + "aliases = [\"boss@example.tld\"]\n"
        )
        let users = try StaticUserFile(
            path: directory.file("users.toml"),
            gate: Self.gate(),
            logger: Logger(label: "t")
        )
        for name in ["alice", "ALICE", "alice@example.tld", "Boss@Example.TLD"] {
            #expect(
                await users.authenticate(login: name, password: "hunter2", remoteAddress: "192.0.2.1")
                    == .success(login: "alice")
            )
        }
        #expect(await users.authenticate(login: "alice", password: "hunter3", remoteAddress: "192.0.2.1") == .failure)
        #expect(await users.authenticate(login: "mallory", password: "hunter2", remoteAddress: "192.0.2.1") == .failure)
        #expect(await users.login(forRecipient: "BOSS@example.TLD") == "alice")
        #expect(await users.login(forRecipient: "nobody@example.tld") == nil)
    }
}

/// The gate's steps, observed without timing: which hash was checked, what the limiter counted, what was slept.
@Suite struct AuthenticationGateTests {
    final class Recorder: Sendable {
        let paths = NIOLockedValueBox<[AuthenticationGate.VerificationPath]>([])
        let sleeps = NIOLockedValueBox<[Duration]>([])
        let now = NIOLockedValueBox(ContinuousClock.now)
    }

    static func gate(_ recorder: Recorder, policy: LoginFailureLimiter.Policy) throws -> AuthenticationGate {
        try AuthenticationGate(
            policy: policy,
            decoyParameters: StaticUserFileTests.fastDecoy,
            environment: .init(
                now: { recorder.now.withLockedValue { $0 } },
                sleep: { duration in recorder.sleeps.withLockedValue { $0.append(duration) } }
            ),
            threadPool: .singleton,
            observer: { path in recorder.paths.withLockedValue { $0.append(path) } }
        )
    }

    static let policy = LoginFailureLimiter.Policy(
        failuresBeforeDelay: 1,
        baseDelay: .seconds(1),
        maxDelay: .seconds(4),
        addressRefusalThreshold: 4,
        pairRefusalThreshold: 4,
        userFailuresBeforeDelay: 6,
        refusalDuration: .seconds(60),
        forgetAfter: .seconds(60)
    )

    static func hash() throws -> PasswordHash { try PasswordHash(parsing: UserDirectoryTests.hunter2) }

    /// Unknown user and wrong password: one verification each (decoy vs stored), the same answer, the same counting.
    @Test func unknownUserTakesTheSamePathAsWrongPassword() async throws {
        let recorder = Recorder()
        let gate = try Self.gate(recorder, policy: Self.policy)
        let wrong = await gate.check(
            typedLogin: "alice",
            login: "alice",
            hash: try Self.hash(),
            password: "nope",
            remoteAddress: "192.0.2.1"
        )
        let unknown = await gate.check(
            typedLogin: "mallory",
            login: nil,
            hash: nil,
            password: "nope",
            remoteAddress: "192.0.2.2"
        )
        #expect(wrong == .failure)
        #expect(unknown == wrong)
        #expect(recorder.paths.withLockedValue { $0 } == [.storedHash, .decoy])
        // The second failure from each address would be delayed by the same amount: both were counted alike.
        _ = await gate.check(
            typedLogin: "alice",
            login: "alice",
            hash: try Self.hash(),
            password: "nope",
            remoteAddress: "192.0.2.1"
        )
        _ = await gate.check(typedLogin: "mallory", login: nil, hash: nil, password: "nope", remoteAddress: "192.0.2.2")
        #expect(recorder.sleeps.withLockedValue { $0 } == [.seconds(1), .seconds(1)])
        // A user whose hash can't be used is checked against the decoy too.
        _ = await gate.check(typedLogin: "bob", login: "bob", hash: nil, password: "x", remoteAddress: "192.0.2.3")
        #expect(recorder.paths.withLockedValue { $0.last } == .decoy)
    }

    @Test func delaysThenRefusesPerAddress() async throws {
        let recorder = Recorder()
        let gate = try Self.gate(recorder, policy: Self.policy)
        for _ in 0..<4 {
            #expect(
                await gate.check(
                    typedLogin: "alice",
                    login: "alice",
                    hash: try Self.hash(),
                    password: "x",
                    remoteAddress: "192.0.2.9"
                ) == .failure
            )
        }
        #expect(recorder.sleeps.withLockedValue { $0 } == [.seconds(1), .seconds(2), .seconds(4)])
        // Refused without a check, even with the right password.
        let checksBefore = recorder.paths.withLockedValue { $0.count }
        #expect(
            await gate.check(
                typedLogin: "alice",
                login: "alice",
                hash: try Self.hash(),
                password: "hunter2",
                remoteAddress: "192.0.2.9"
            ) == .temporarilyRefused
        )
        #expect(recorder.paths.withLockedValue { $0.count } == checksBefore)
        // Another address still gets in (the user threshold is higher), and after the refusal ends so does the first.
        #expect(
            await gate.check(
                typedLogin: "alice",
                login: "alice",
                hash: try Self.hash(),
                password: "hunter2",
                remoteAddress: "198.51.100.1"
            ) == .success(login: "alice")
        )
        recorder.now.withLockedValue { $0 += .seconds(61) }
        #expect(
            await gate.check(
                typedLogin: "alice",
                login: "alice",
                hash: try Self.hash(),
                password: "hunter2",
                remoteAddress: "192.0.2.9"
            ) == .success(login: "alice")
        )
    }

    /// Failures for one user from many addresses only slow that user down: the owner still gets in.
    @Test func slowsButNeverRefusesAUserAcrossAddresses() async throws {
        let recorder = Recorder()
        let gate = try Self.gate(recorder, policy: Self.policy)
        for index in 0..<6 {
            let outcome = await gate.check(
                typedLogin: "alice", login: "alice", hash: try Self.hash(), password: "x",
                remoteAddress: "203.0.113.\(index)")
            #expect(outcome == .failure)
        }
        #expect(recorder.sleeps.withLockedValue { $0 }.isEmpty)
        let owner = await gate.check(
            typedLogin: "alice", login: "alice", hash: try Self.hash(), password: "hunter2",
            remoteAddress: "198.51.100.99")
        #expect(owner == .success(login: "alice"))
        #expect(recorder.sleeps.withLockedValue { $0 } == [.seconds(1)])
    }

    /// Issue #17 point 5, last line of defence: oversized names and passwords are refused unchecked and never
    /// become limiter keys, whichever entry point forgot to cap them.
    @Test func oversizedCredentialsNeverReachTheLimiter() async throws {
        let recorder = Recorder()
        let gate = try Self.gate(recorder, policy: Self.policy)
        for index in 0..<50 {
            let name = String(repeating: "x", count: 300) + "\(index)"
            #expect(await gate.check(typedLogin: name, login: nil, hash: nil, password: "x", remoteAddress: "192.0.2.1") == .failure)
        }
        let long = String(repeating: "p", count: 2000)
        #expect(await gate.check(typedLogin: "alice", login: "alice", hash: try Self.hash(), password: long, remoteAddress: "192.0.2.1") == .failure)
        #expect(gate.trackedLimiterKeys == (addresses: 0, pairs: 0, users: 0))
        #expect(recorder.paths.withLockedValue { $0 }.isEmpty)
    }
}
