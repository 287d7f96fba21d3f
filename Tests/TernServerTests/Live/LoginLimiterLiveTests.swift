import Foundation
import TernAuth
import Testing

@testable import TernServer

/// Issue #17 points 1, 4 and 5 against the real listeners: one process-wide limiter keyed by IP, shared by IMAP
/// LOGIN, IMAP AUTHENTICATE and the SASL endpoint. 127.0.0.2 is "another host".
@Suite(.timeLimit(.minutes(3))) struct LoginLimiterLiveTests {
    static func plain(_ user: String, _ password: String) -> String {
        Data("\0\(user)\0\(password)".utf8).base64EncodedString()
    }

    /// Point 1: 30 connections trying 30 users (LOGIN and AUTHENTICATE alternately) are slowed, then refused,
    /// even with the right password, on IMAP and on the SASL endpoint; another IP logs in normally. With the
    /// limiter keyed by `ip:port` every connection had a fresh budget and alice got in at once.
    @Test func oneAddressTryingManyUsersIsSlowedThenRefusedEverywhere() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        for index in 0..<30 {
            let answer = try await RawClient.session(port: server.imapPort) { client in
                _ = try await client.readLine()
                if index.isMultiple(of: 2) {
                    return try await client.command("a", "LOGIN user\(index) wrong").last ?? ""
                }
                return try await client.command("a", "AUTHENTICATE PLAIN \(Self.plain("user\(index)", "wrong"))").last ?? ""
            }
            #expect(answer.hasPrefix("a NO [AUTHENTICATIONFAILED]"), "attempt \(index): \(answer)")
        }
        // Slowed: the 4th to the 20th failure each waited, doubling up to 8 s; then refused without a check.
        let sleeps = server.sleeps.withLockedValue { $0 }
        #expect(sleeps.count == 17 && sleeps.first == .milliseconds(500) && sleeps.last == .seconds(8), "\(sleeps)")
        #expect(try await server.login("alice", "hunter2").hasPrefix("a NO [AUTHENTICATIONFAILED]"))
        #expect(try await server.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\trip=127.0.0.1")
            == "FAIL\t1\tuser=alice")
        #expect(try await server.login("alice", "hunter2", from: "127.0.0.2").hasPrefix("a OK"))
        #expect(try await server.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\trip=192.0.2.7")
            == "OK\t1\tuser=alice")
    }

    /// Point 4: 55 failed SASL logins for alice, each with a different `rip`, slow alice down but cannot lock
    /// her out (before: 50 failures refused the user everywhere for 15 minutes).
    @Test func forgedRemoteAddressesCannotLockAUserOut() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        for index in 0..<55 {
            let answer = try await server.sasl(
                user: "alice", password: "guess\(index)", parameters: "service=smtp\trip=198.51.100.\(index)")
            #expect(answer == "FAIL\t1\tuser=alice")
        }
        #expect(server.sleeps.withLockedValue { $0.last } == .seconds(8))
        #expect(try await server.login("alice", "hunter2", from: "127.0.0.2").hasPrefix("a OK"))
        #expect(try await server.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\trip=203.0.113.5")
            == "OK\t1\tuser=alice")
    }

    /// Point 4: a SASL client outside `trusted_peers` is charged for its own address whatever `rip` it sends, so
    /// it cannot spread its guesses over forged addresses (nor spend theirs).
    @Test func untrustedSASLClientIsChargedForItsOwnAddress() async throws {
        var options = LiveServer.Options()
        options.trustedPeers = .none
        let server = try await LiveServer.start(options)
        defer { server.stop() }
        for index in 0..<20 {
            _ = try await server.sasl(
                user: "user\(index)", password: "x", parameters: "service=smtp\trip=198.51.100.\(index)")
        }
        #expect(try await server.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\trip=203.0.113.1")
            == "FAIL\t1\tuser=alice")
        #expect(try await server.login("alice", "hunter2", from: "127.0.0.2").hasPrefix("a OK"))
    }

    /// Point 4: `require_secure_transport` refuses AUTH unless a trusted peer says the session is TLS.
    @Test func requireSecureTransportBelievesOnlyTrustedPeers() async throws {
        var options = LiveServer.Options()
        options.requireSecureTransport = true
        let trusted = try await LiveServer.start(options)
        defer { trusted.stop() }
        let refused = "FAIL\t1\treason=Plaintext authentication disallowed on non-secure connections"
        #expect(try await trusted.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\trip=192.0.2.1")
            == refused)
        #expect(try await trusted.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\tsecured")
            == "OK\t1\tuser=alice")
        options.trustedPeers = .none
        let untrusted = try await LiveServer.start(options)
        defer { untrusted.stop() }
        #expect(try await untrusted.sasl(user: "alice", password: "hunter2", parameters: "service=smtp\tsecured")
            == refused)
    }

    /// Point 5: login names and passwords over the SASL side's bounds get BAD and never reach the limiter
    /// (before: each distinct name of up to 64 KiB became a limiter key).
    @Test func oversizedLoginNamesAreRefusedBeforeTheLimiter() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { client in
            _ = try await client.readLine()
            for index in 0..<10 {
                let name = String(repeating: "n", count: 4000) + "\(index)"
                let answer = try await client.command("a\(index)", "LOGIN {\(name.utf8.count)+}\r\n\(name) pw").last
                #expect(answer == "a\(index) BAD Login name too long (at most 255 bytes)")
            }
            let password = String(repeating: "p", count: 5000)
            #expect(try await client.command("p", "LOGIN alice {5000+}\r\n\(password)").last
                == "p BAD Password too long (at most 1024 bytes)")
            let forged = "x\r\nFORGED"
            #expect(try await client.command("c", "LOGIN {\(forged.utf8.count)+}\r\n\(forged) pw").last
                == "c BAD Control character in login name")
            let plainName = Self.plain(String(repeating: "m", count: 300), "pw")
            #expect(try await client.command("d", "AUTHENTICATE PLAIN \(plainName)").last
                == "d BAD Login name too long (at most 255 bytes)")
        }
        #expect(server.gate.trackedLimiterKeys == (addresses: 0, pairs: 0, users: 0))
    }
}
