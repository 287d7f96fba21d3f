import TernAuth
import Testing

@Suite struct DovecotAuthRobustnessTests {
    /// One Postfix smtpd connection as recorded against this machine: Postfix's opening lines in one read, then
    /// one line per read, PLAIN ok, PLAIN wrong, LOGIN ok, request ids counting up on the same connection.
    @Test func recordedPostfixConnection() {
        var machine = DovecotAuthStateMachine(
            configuration: DovecotAuthConfiguration(
                serverPID: 1272,
                connectionID: 1,
                cookie: Array(repeating: 0x5e, count: 16)
            )
        )
        #expect(machine.handshake().count == 7)
        var lines: [String] = []
        func feed(_ text: String, result: CredentialCheckResult? = nil) {
            for action in machine.receive(Array(text.utf8)) {
                switch action {
                case .send(let line):
                    lines.append(line)
                case .verify(let check):
                    for answer in machine.verificationFinished(requestID: check.requestID, result ?? .rejected) {
                        if case .send(let line) = answer { lines.append(line) }
                    }
                case .close(let reason):
                    Issue.record("closed: \(reason)")
                }
            }
        }
        feed("VERSION\t1\t0\nCPID\t1459\n")
        feed(
            "AUTH\t1\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp=AGFsaWNlAGh1bnRlcjI=\n",
            result: .accepted(user: "alice")
        )
        feed(
            "AUTH\t2\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp=AGFsaWNlAHdyb25n\n",
            result: .rejected
        )
        feed("AUTH\t3\tLOGIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\n")
        feed("CONT\t3\tYWxpY2U=\n")
        feed("CONT\t3\taHVudGVyMg==\n", result: .accepted(user: "alice"))
        #expect(
            lines == [
                "OK\t1\tuser=alice", "FAIL\t2\tuser=alice", "CONT\t3\tVXNlcm5hbWU6", "CONT\t3\tUGFzc3dvcmQ6",
                "OK\t3\tuser=alice",
            ]
        )
    }

    /// Several requests pipelined in one read are answered in order, each on its own.
    @Test func pipelinedLinesInOneRead() {
        var machine = DovecotAuthStateMachine(
            configuration: DovecotAuthConfiguration(serverPID: 1, connectionID: 1, cookie: [])
        )
        let actions = machine.receive(
            Array(
                ("VERSION\t1\t0\nCPID\t9\nAUTH\t1\tLOGIN\tservice=imap\nAUTH\t2\tPLAIN\tservice=imap\nAUTH\t3\tXOAUTH\tservice=imap\n")
                    .utf8
            )
        )
        #expect(
            actions == [
                .send("CONT\t1\tVXNlcm5hbWU6"), .send("CONT\t2\t"),
                .send("FAIL\t3\treason=Unsupported authentication mechanism"),
            ]
        )
    }

    /// Seeded random bytes and mangled protocol lines: never a crash, the line buffer never passes its limit, and
    /// every line sent is a well-formed reply.
    @Test func randomInputNeverCrashes() {
        let seed = UInt64.random(in: 0 ... .max)
        var generator = SplitMix64(seed: seed)
        let fragments = [
            "VERSION\t1\t0\n", "CPID\t1\n", "AUTH\t1\tPLAIN\tservice=smtp\n",
            "AUTH\t2\tLOGIN\tservice=smtp\tresp=YQ==\n",
            "CONT\t1\tAGEAYg==\n", "CONT\t2\t", "\t", "\n", "=", "resp=", "AUTH\t", "\u{1}", "CONT\t4294967296\tx\n",
        ]
        for _ in 0..<300 {
            var machine = DovecotAuthStateMachine(
                configuration: DovecotAuthConfiguration(
                    serverPID: 1,
                    connectionID: 1,
                    cookie: [],
                    maxLineLength: 256,
                    maxPendingRequests: 4
                )
            )
            var closed = false
            for _ in 0..<30 where !closed {
                var chunk: [UInt8] = []
                for _ in 0..<Int.random(in: 1..<6, using: &generator) {
                    if Bool.random(using: &generator) {
                        chunk += Array(fragments.randomElement(using: &generator)!.utf8)
                    } else {
                        chunk += (0..<Int.random(in: 0..<300, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }
                    }
                }
                for action in machine.receive(chunk) {
                    switch action {
                    case .send(let line):
                        let command = line.prefix { $0 != "\t" }
                        #expect(["OK", "FAIL", "CONT"].contains(command), "seed \(seed): \(line)")
                        #expect(!line.contains("\n"), "seed \(seed)")
                    case .verify(let check):
                        _ = machine.verificationFinished(requestID: check.requestID, .rejected)
                    case .close:
                        closed = true
                    }
                }
            }
        }
    }
}
