import TernAuth
import Testing

/// Byte-level transcripts of the Dovecot auth protocol as Postfix 3.7 speaks it (lines observed on the wire,
/// docs/internals/postfix-test-instance.md, "What Postfix 3.7 sends"). `C:` lines are fed as bytes; `S:` lines
/// are what the machine sends.
@Suite struct DovecotAuthTranscriptTests {
    static let configuration = DovecotAuthConfiguration(
        serverPID: 12345,
        connectionID: 1,
        cookie: Array(repeating: 0, count: 8) + [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]
    )

    /// A connected machine that has read Postfix's opening lines.
    static func connected(_ configuration: DovecotAuthConfiguration = configuration) -> DovecotAuthStateMachine {
        var machine = DovecotAuthStateMachine(configuration: configuration)
        let actions = machine.receive(Array("VERSION\t1\t0\nCPID\t4242\n".utf8))
        #expect(actions.isEmpty)
        return machine
    }

    static func feed(_ machine: inout DovecotAuthStateMachine, _ line: String) -> [DovecotAuthAction] {
        machine.receive(Array((line + "\n").utf8))
    }

    static func check(
        _ id: UInt32,
        _ user: String,
        _ password: String,
        mechanism: String = "PLAIN"
    ) -> DovecotAuthAction {
        .verify(
            CredentialCheck(
                requestID: id,
                user: user,
                password: Array(password.utf8),
                mechanism: mechanism,
                service: "smtp",
                remoteAddress: "127.0.0.1",
                localAddress: "127.0.0.1",
                secured: false
            )
        )
    }

    @Test func handshakeIsWhatPostfixAccepted() {
        let machine = DovecotAuthStateMachine(configuration: Self.configuration)
        #expect(
            machine.handshake()
                == [
                    "VERSION\t1\t2", "MECH\tPLAIN\tplaintext", "MECH\tLOGIN\tplaintext", "SPID\t12345", "CUID\t1",
                    "COOKIE\t0000000000000000" + "0123456789abcdef", "DONE",
                ].map { DovecotAuthAction.send($0) }
        )
    }

    @Test func plainWithInitialResponse() {
        var machine = Self.connected()
        let auth = "AUTH\t1\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp=AGFsaWNlAGh1bnRlcjI="
        #expect(Self.feed(&machine, auth) == [Self.check(1, "alice", "hunter2")])
        #expect(machine.verificationFinished(requestID: 1, .accepted(user: "alice")) == [.send("OK\t1\tuser=alice")])
        let wrong = "AUTH\t2\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp=AGFsaWNlAHdyb25n"
        #expect(Self.feed(&machine, wrong) == [Self.check(2, "alice", "wrong")])
        #expect(machine.verificationFinished(requestID: 2, .rejected) == [.send("FAIL\t2\tuser=alice")])
        // A second answer for a finished request is ignored.
        #expect(machine.verificationFinished(requestID: 2, .accepted(user: "alice")) == [])
    }

    @Test func loginDrivenByContinuations() {
        var machine = Self.connected()
        #expect(
            Self.feed(&machine, "AUTH\t3\tLOGIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1") == [
                .send("CONT\t3\tVXNlcm5hbWU6")
            ]
        )
        #expect(Self.feed(&machine, "CONT\t3\tYWxpY2U=") == [.send("CONT\t3\tUGFzc3dvcmQ6")])
        #expect(Self.feed(&machine, "CONT\t3\taHVudGVyMg==") == [Self.check(3, "alice", "hunter2", mechanism: "LOGIN")])
        #expect(machine.verificationFinished(requestID: 3, .accepted(user: "alice")) == [.send("OK\t3\tuser=alice")])
    }

    @Test func loginWithUserAsInitialResponse() {
        var machine = Self.connected()
        #expect(Self.feed(&machine, "AUTH\t1\tLOGIN\tservice=imap\tresp=YWxpY2U=") == [.send("CONT\t1\tUGFzc3dvcmQ6")])
        let expected = CredentialCheck(
            requestID: 1,
            user: "alice",
            password: Array("hunter2".utf8),
            mechanism: "LOGIN",
            service: "imap",
            remoteAddress: nil,
            localAddress: nil,
            secured: false
        )
        #expect(Self.feed(&machine, "CONT\t1\taHVudGVyMg==") == [.verify(expected)])
    }

    /// Commands are case-sensitive (as in Dovecot); mechanism names are not.
    @Test func commandNamesAreCaseSensitive() {
        var machine = Self.connected()
        #expect(Self.feed(&machine, "auth\t7\tPLAIN\tservice=smtp") == [.close(reason: "unexpected command")])
    }

    @Test func plainWithoutInitialResponseAsksWithEmptyCont() {
        var machine = Self.connected()
        #expect(Self.feed(&machine, "AUTH\t7\tplain\tservice=smtp\tsecured") == [.send("CONT\t7\t")])
        let expected = CredentialCheck(
            requestID: 7,
            user: "alice",
            password: Array("hunter2".utf8),
            mechanism: "PLAIN",
            service: "smtp",
            remoteAddress: nil,
            localAddress: nil,
            secured: true
        )
        #expect(Self.feed(&machine, "CONT\t7\tAGFsaWNlAGh1bnRlcjI=") == [.verify(expected)])
        #expect(machine.verificationFinished(requestID: 7, .temporaryFailure) == [.send("FAIL\t7\tuser=alice\ttemp")])
    }

    @Test func authorizationIdentity() {
        var machine = Self.connected()
        // authzid == authcid: accepted.
        let same = Base64.encode(Array("alice\0alice\0hunter2".utf8))
        #expect(Self.feed(&machine, "AUTH\t1\tPLAIN\tservice=smtp\tresp=\(same)").first.map(Self.isVerify) == true)
        // Any other authzid: refused without a password check.
        let other = Base64.encode(Array("bob\0alice\0hunter2".utf8))
        #expect(
            Self.feed(&machine, "AUTH\t2\tPLAIN\tservice=smtp\tresp=\(other)") == [
                .send("FAIL\t2\treason=Authorization as another user is not supported")
            ]
        )
    }

    static func isVerify(_ action: DovecotAuthAction) -> Bool { if case .verify = action { true } else { false } }

    @Test func badInputFailsTheRequestOnly() {
        var machine = Self.connected()
        #expect(
            Self.feed(&machine, "AUTH\t1\tPLAIN\tservice=smtp\tresp=!!!") == [
                .send("FAIL\t1\treason=Invalid base64 data")
            ]
        )
        #expect(
            Self.feed(&machine, "AUTH\t2\tCRAM-MD5\tservice=smtp") == [
                .send("FAIL\t2\treason=Unsupported authentication mechanism")
            ]
        )
        #expect(
            Self.feed(&machine, "AUTH\t3\tPLAIN\tresp=AGFsaWNlAGh1bnRlcjI=") == [
                .send("FAIL\t3\treason=Missing service")
            ]
        )
        #expect(
            Self.feed(&machine, "AUTH\t4\tPLAIN\tservice=smtp\tresp=") == [
                .send("FAIL\t4\treason=Invalid PLAIN message")
            ]
        )
        let twoParts = Base64.encode(Array("alice\0hunter2".utf8))
        #expect(
            Self.feed(&machine, "AUTH\t5\tPLAIN\tservice=smtp\tresp=\(twoParts)") == [
                .send("FAIL\t5\treason=Invalid PLAIN message")
            ]
        )
        let emptyPassword = Base64.encode(Array("\0alice\0".utf8))
        #expect(
            Self.feed(&machine, "AUTH\t6\tPLAIN\tservice=smtp\tresp=\(emptyPassword)") == [.send("FAIL\t6\tuser=alice")]
        )
        let controlInUser = Base64.encode(Array("\0al\tice\0pw".utf8))
        #expect(
            Self.feed(&machine, "AUTH\t7\tPLAIN\tservice=smtp\tresp=\(controlInUser)") == [
                .send("FAIL\t7\treason=Invalid user name")
            ]
        )
        #expect(Self.feed(&machine, "AUTH\t8\tLOGIN\tservice=smtp") == [.send("CONT\t8\tVXNlcm5hbWU6")])
        #expect(Self.feed(&machine, "CONT\t8\tYWxpY2U") == [.send("FAIL\t8\treason=Invalid base64 data")])
        #expect(
            Self.feed(&machine, "CONT\t8\tYWxpY2U=") == [
                .send("FAIL\t8\treason=Unknown or expired authentication request")
            ]
        )
        #expect(
            Self.feed(&machine, "CONT\t99\t*") == [.send("FAIL\t99\treason=Unknown or expired authentication request")]
        )
        // The connection is still usable.
        #expect(Self.feed(&machine, "AUTH\t9\tPLAIN\tservice=smtp\tresp=AGFsaWNlAGh1bnRlcjI=").count == 1)
    }

    @Test func protocolViolationsCloseTheConnection() {
        var noVersion = DovecotAuthStateMachine(configuration: Self.configuration)
        #expect(Self.feed(&noVersion, "CPID\t1") == [.close(reason: "expected VERSION 1")])
        var wrongMajor = DovecotAuthStateMachine(configuration: Self.configuration)
        #expect(Self.feed(&wrongMajor, "VERSION\t2\t0") == [.close(reason: "expected VERSION 1")])
        var noCPID = DovecotAuthStateMachine(configuration: Self.configuration)
        #expect(Self.feed(&noCPID, "VERSION\t1\t1") == [])
        #expect(Self.feed(&noCPID, "AUTH\t1\tPLAIN\tservice=smtp") == [.close(reason: "AUTH before CPID")])
        #expect(Self.feed(&noCPID, "AUTH\t1\tPLAIN\tservice=smtp") == [])

        var machine = Self.connected()
        #expect(Self.feed(&machine, "AUTH\tx\tPLAIN\tservice=smtp") == [.close(reason: "bad AUTH line")])
        var unknown = Self.connected()
        #expect(Self.feed(&unknown, "HELLO") == [.close(reason: "unexpected command")])
    }

    /// Dovecot drops a client that reuses a request id still in progress.
    @Test func duplicateRequestIdClosesTheConnection() {
        var machine = Self.connected()
        #expect(Self.feed(&machine, "AUTH\t5\tLOGIN\tservice=smtp") == [.send("CONT\t5\tVXNlcm5hbWU6")])
        #expect(Self.feed(&machine, "AUTH\t5\tPLAIN\tservice=smtp") == [.close(reason: "duplicate request id 5")])
        #expect(machine.verificationFinished(requestID: 5, .accepted(user: "x")) == [])
    }

    @Test func overlongLineClosesWithoutBufferingIt() {
        var machine = Self.connected(
            DovecotAuthConfiguration(serverPID: 1, connectionID: 1, cookie: [], maxLineLength: 64)
        )
        let actions = machine.receive(
            Array(("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + String(repeating: "A", count: 10_000) + "\n").utf8)
        )
        #expect(actions == [.close(reason: "line too long")])
        #expect(Self.feed(&machine, "AUTH\t2\tPLAIN\tservice=smtp") == [])
    }

    @Test func linesSplitAcrossReadsAndCRLF() {
        var machine = DovecotAuthStateMachine(configuration: Self.configuration)
        let bytes = Array(
            "VERSION\t1\t0\r\nCPID\t1\r\nAUTH\t1\tPLAIN\tservice=smtp\tresp=AGFsaWNlAGh1bnRlcjI=\r\n".utf8
        )
        var actions: [DovecotAuthAction] = []
        for byte in bytes { actions += machine.receive([byte]) }
        #expect(
            actions == [
                .verify(
                    CredentialCheck(
                        requestID: 1,
                        user: "alice",
                        password: Array("hunter2".utf8),
                        mechanism: "PLAIN",
                        service: "smtp",
                        remoteAddress: nil,
                        localAddress: nil,
                        secured: false
                    )
                )
            ]
        )
    }

    /// Values written back are tab-escaped, so a canonical user name cannot add fields or lines.
    @Test func replyValuesAreEscaped() {
        var machine = Self.connected()
        _ = Self.feed(&machine, "AUTH\t1\tPLAIN\tservice=smtp\tresp=AGFsaWNlAGh1bnRlcjI=")
        #expect(
            machine.verificationFinished(requestID: 1, .accepted(user: "a\tb\nc\u{1}")) == [
                .send("OK\t1\tuser=a\u{1}tb\u{1}nc\u{1}1")
            ]
        )
    }

    @Test func abandonedRequestsAreEvictedOldestFirst() {
        var machine = Self.connected(
            DovecotAuthConfiguration(serverPID: 1, connectionID: 1, cookie: [], maxPendingRequests: 2)
        )
        _ = Self.feed(&machine, "AUTH\t1\tLOGIN\tservice=smtp")
        _ = Self.feed(&machine, "AUTH\t2\tLOGIN\tservice=smtp")
        #expect(Self.feed(&machine, "AUTH\t3\tLOGIN\tservice=smtp") == [.send("CONT\t3\tVXNlcm5hbWU6")])
        #expect(
            Self.feed(&machine, "CONT\t1\tYWxpY2U=") == [
                .send("FAIL\t1\treason=Unknown or expired authentication request")
            ]
        )
        #expect(Self.feed(&machine, "CONT\t2\tYWxpY2U=") == [.send("CONT\t2\tUGFzc3dvcmQ6")])
        // Requests being verified are never evicted: with both slots verifying, a new one is refused as temporary.
        _ = Self.feed(&machine, "CONT\t2\taHVudGVyMg==")
        _ = Self.feed(&machine, "CONT\t3\tYWxpY2U=")
        _ = Self.feed(&machine, "CONT\t3\taHVudGVyMg==")
        #expect(
            Self.feed(&machine, "AUTH\t4\tLOGIN\tservice=smtp") == [
                .send("FAIL\t4\treason=Too many pending requests\ttemp")
            ]
        )
        #expect(machine.verificationFinished(requestID: 2, .rejected) == [.send("FAIL\t2\tuser=alice")])
    }

    @Test func secureTransportRequirement() {
        var machine = Self.connected(
            DovecotAuthConfiguration(serverPID: 1, connectionID: 1, cookie: [], requireSecureTransport: true)
        )
        #expect(
            Self.feed(&machine, "AUTH\t1\tPLAIN\tservice=smtp\tlip=10.0.0.1\trip=192.0.2.7") == [
                .send("FAIL\t1\treason=Plaintext authentication disallowed on non-secure connections")
            ]
        )
        #expect(
            Self.feed(&machine, "AUTH\t2\tPLAIN\tservice=smtp\tlip=10.0.0.1\trip=192.0.2.7\tsecured") == [
                .send("CONT\t2\t")
            ]
        )
        #expect(
            Self.feed(&machine, "AUTH\t3\tPLAIN\tservice=smtp\tlip=127.0.0.1\trip=127.0.0.1") == [.send("CONT\t3\t")]
        )
    }
}
