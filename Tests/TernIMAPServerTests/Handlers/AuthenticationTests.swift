import NIOCore
import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct AuthenticationTests {
    static func plain(_ user: String, _ password: String) -> String {
        Data64.encode(Array("\0\(user)\0\(password)".utf8))
    }

    @Test func authenticatePlainWithAndWithoutInitialResponse() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(
            await client.command("a1", "AUTHENTICATE PLAIN \(Self.plain("alice", "nope"))") == [
                "a1 NO [AUTHENTICATIONFAILED] Authentication failed"
            ])
        client.send("a2 AUTHENTICATE PLAIN\r\n")
        #expect(await client.nextLine() == "+ ")
        client.send("*\r\n")
        #expect(await client.nextLine() == "a2 BAD AUTHENTICATE cancelled")
        client.send("a3 AUTHENTICATE PLAIN\r\n")
        #expect(await client.nextLine() == "+ ")
        client.send(Self.plain("alice", "hunter2") + "\r\n")
        #expect(await client.nextLine()?.hasPrefix("a3 OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+") == true)
        #expect(await client.command("a4", "AUTHENTICATE PLAIN =") == ["a4 BAD already authenticated"])
        #expect(await client.logout() == .logout)
    }

    @Test func authenticateRefusesOtherMechanismsAndProxyAuthorization() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(
            await client.command("a1", "AUTHENTICATE CRAM-MD5") == [
                "a1 NO [CANNOT] Unsupported authentication mechanism"
            ])
        let proxy = Data64.encode(Array("bob\0alice\0hunter2".utf8))
        #expect(
            await client.command("a2", "AUTHENTICATE PLAIN \(proxy)") == [
                "a2 NO [AUTHORIZATIONFAILED] Proxy authorization is not supported"
            ])
        #expect(await client.command("a3", "AUTHENTICATE PLAIN !!!").first?.hasPrefix("a3 BAD") == true)
        #expect(await client.logout() == .logout)
    }

    @Test func loginDisabledUntilStartTLSAndInjectedBytesAreDropped() async throws {
        let world = try await TestMailWorld(loginDisabledWithoutTLS: true)
        let handshakes = HandshakeCounter()
        let client = try await world.connect(startTLS: { await handshakes.increment() })
        let capability = await client.command("c1", "CAPABILITY")
        #expect(capability.first?.hasPrefix("* CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS LOGINDISABLED LITERAL+") == true)
        #expect(
            await client.command("c2", "LOGIN alice hunter2") == [
                "c2 NO [PRIVACYREQUIRED] use STARTTLS before logging in"
            ])
        // A command pipelined after STARTTLS (before the handshake) must never run.
        client.send("t1 STARTTLS\r\ninjected NOOP\r\n")
        #expect(await client.nextLine() == "t1 OK Begin TLS negotiation now")
        client.send("more injected bytes\r\n")
        client.input.yield(.tlsEstablished)
        let after = await client.command("c3", "CAPABILITY")
        #expect(after.first?.hasPrefix("* CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN LITERAL+") == true)
        #expect(after.last == "c3 OK CAPABILITY completed")
        #expect(await handshakes.count == 1)
        #expect(await client.command("c4", "STARTTLS") == ["c4 BAD TLS is already active"])
        #expect(await client.command("c5", "LOGIN alice hunter2").last?.hasPrefix("c5 OK") == true)
        #expect(await client.logout() == .logout)
    }

    @Test func startTLSIsRefusedWhenTheShellCannotDoIt() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        #expect(await client.command("t1", "STARTTLS") == ["t1 BAD STARTTLS is not available on this connection"])
        #expect(await client.logout() == .logout)
    }
}

actor HandshakeCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}

/// Base64 for test input (standard alphabet, padded).
enum Data64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * UInt32(position))) & 63)] : "=")
            }
            index += 3
        }
        return out
    }
}
