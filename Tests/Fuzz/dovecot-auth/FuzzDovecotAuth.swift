// libFuzzer entry point for TernAuth's Dovecot auth protocol machine (`DovecotAuthStateMachine`). Compiled
// together with the I/O-free TernAuth sources it needs (`SASL/`, `Encoding/`, `Users/CredentialLimits.swift`)
// into one module (see README.md), so it calls them directly.
//
// The first input byte picks the fragment size, whether the machine demands a secure transport, and how each
// credential check is answered; the rest is what a client (Postfix) sends. Checked invariants (a violation
// traps, which libFuzzer reports as a crash): fragmenting the input does not change the actions; no line sent
// carries CR, LF or NUL (the replies echo client data: no protocol injection); nothing follows a close; pending
// requests and buffered bytes stay within the configured bounds; a finished check is answered at most once, with
// OK or FAIL and its request id.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDovecotAuth(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let configuration = DovecotAuthConfiguration(
        serverPID: 4242, connectionID: 7, cookie: Array(repeating: 0xAB, count: 16), maxLineLength: 512,
        maxPendingRequests: 4, requireSecureTransport: control & 0x10 != 0, peerIsTrusted: control & 0x20 != 0)

    var wholeMachine = DovecotAuthStateMachine(configuration: configuration)
    var piecesMachine = DovecotAuthStateMachine(configuration: configuration)
    let whole = feed(input, chunk: nil, into: &wholeMachine)
    let pieces = feed(input, chunk: Int(control & 0x0F) + 1, into: &piecesMachine)
    precondition(whole == pieces, "fragmentation changed the actions")

    // Answer every credential check that was asked for (the shell does this once the password hash is checked).
    let results: [CredentialCheckResult] = [.accepted(user: "canonical"), .rejected, .temporaryFailure]
    var asked = 0
    for case .verify(let check) in whole {
        asked += 1
        let answer = wholeMachine.verificationFinished(
            requestID: check.requestID, results[(Int(control >> 6) + asked) % results.count])
        checkSent(answer)
        // Zero answers: the client ended the request meanwhile (a CONT during the check fails it at once).
        precondition(answer.count <= 1, "a finished check got \(answer.count) answers")
        if case .send(let line)? = answer.first {
            precondition(
                line.hasPrefix("OK\t\(check.requestID)\t") || line.hasPrefix("FAIL\t\(check.requestID)\t"),
                "check answered with \(line)")
        }
        precondition(wholeMachine.verificationFinished(requestID: check.requestID, .rejected).isEmpty, "answered twice")
    }
    return 0
}

/// Feeds `input` (whole, or `chunk` bytes at a time) and returns the handshake and every action, in order.
func feed(_ input: [UInt8], chunk: Int?, into machine: inout DovecotAuthStateMachine) -> [DovecotAuthAction] {
    var all = machine.handshake()
    var index = 0
    let step = chunk ?? max(1, input.count)
    while index < input.count {
        let end = min(index + step, input.count)
        let actions = machine.receive(input[index..<end])
        precondition(!all.contains { if case .close = $0 { true } else { false } } || actions.isEmpty, "action after close")
        checkSent(actions)
        all += actions
        precondition(machine.requests.count <= machine.configuration.maxPendingRequests, "too many pending requests")
        precondition(machine.lineBuffer.count < machine.configuration.maxLineLength, "line buffer over its bound")
        index = end
    }
    return all
}

/// No line sent carries CR, LF or NUL: replies echo client data (user names, ids), which must not split a line.
func checkSent(_ actions: [DovecotAuthAction]) {
    for case .send(let line) in actions {
        precondition(!line.utf8.contains { $0 == 10 || $0 == 13 || $0 == 0 }, "line carries CR/LF/NUL: \(line)")
    }
}
