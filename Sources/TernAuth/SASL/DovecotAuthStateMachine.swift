/// The server side of Dovecot's auth client protocol 1.2 (what Postfix speaks with `smtpd_sasl_type = dovecot`),
/// pure: bytes and credential-check results in, lines and actions out.
///
/// Lines are TAB-separated and end with LF. The server sends its handshake at once (Postfix writes its own
/// VERSION/CPID before reading), then serves `AUTH` and `CONT` for any number of request ids at once.
public struct DovecotAuthStateMachine: Sendable {
    enum Mechanism: String, Sendable, CaseIterable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    enum Stage: Sendable, Equatable {
        case awaitingPlainResponse
        case awaitingLoginUser
        case awaitingLoginPassword(user: String)
        case verifying(user: String)
    }

    struct Request: Sendable {
        var mechanism: Mechanism
        var stage: Stage
        var parameters: AuthParameters
        /// Arrival order, for evicting the oldest abandoned request.
        var sequence: UInt64
    }

    public let configuration: DovecotAuthConfiguration
    var lineBuffer: [UInt8] = []
    var receivedVersion = false
    var receivedCPID = false
    var closed = false
    var requests: [UInt32: Request] = [:]
    var nextSequence: UInt64 = 0

    public init(configuration: DovecotAuthConfiguration) {
        self.configuration = configuration
    }

    /// The handshake, sent on connect without waiting for the client.
    public func handshake() -> [DovecotAuthAction] {
        let cookie = configuration.cookie.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        var lines = ["VERSION\t1\t2"]
        lines += Mechanism.allCases.map { "MECH\t\($0.rawValue)\tplaintext" }
        lines += [
            "SPID\t\(configuration.serverPID)", "CUID\t\(configuration.connectionID)", "COOKIE\t\(cookie)", "DONE",
        ]
        return lines.map { .send($0) }
    }

    /// Bytes read from the socket; complete lines are processed at once.
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> [DovecotAuthAction] {
        var actions: [DovecotAuthAction] = []
        for byte in bytes {
            guard !closed else { break }
            if byte == UInt8(ascii: "\n") {
                if lineBuffer.last == UInt8(ascii: "\r") { lineBuffer.removeLast() }
                let line = lineBuffer
                lineBuffer.removeAll(keepingCapacity: true)
                actions += handle(line)
            } else {
                lineBuffer.append(byte)
                if lineBuffer.count >= configuration.maxLineLength {
                    actions += close("line too long")
                }
            }
        }
        return actions
    }

    /// The answer to a `.verify` action. Results for requests no longer pending are ignored.
    public mutating func verificationFinished(requestID: UInt32, _ result: CredentialCheckResult) -> [DovecotAuthAction]
    {
        guard !closed, let request = requests[requestID], case .verifying(let user) = request.stage else { return [] }
        requests[requestID] = nil
        let escapedUser = DovecotTabEscaping.escape(user)
        switch result {
        case .accepted(let canonical):
            return [.send("OK\t\(requestID)\tuser=\(DovecotTabEscaping.escape(canonical))")]
        case .rejected:
            return [.send("FAIL\t\(requestID)\tuser=\(escapedUser)")]
        case .temporaryFailure:
            return [.send("FAIL\t\(requestID)\tuser=\(escapedUser)\ttemp")]
        }
    }

    mutating func handle(_ line: [UInt8]) -> [DovecotAuthAction] {
        let fields = line.split(separator: 9, omittingEmptySubsequences: false)
        let command = String(decoding: fields[0], as: UTF8.self)
        guard receivedVersion else {
            // The first line must be VERSION with major version 1.
            guard command == "VERSION", fields.count >= 3, String(decoding: fields[1], as: UTF8.self) == "1" else {
                return close("expected VERSION 1")
            }
            receivedVersion = true
            return []
        }
        switch command {
        case "CPID":
            guard fields.count == 2, !receivedCPID, Self.number(fields[1]) != nil else { return close("bad CPID") }
            receivedCPID = true
            return []
        case "AUTH":
            guard receivedCPID else { return close("AUTH before CPID") }
            return authReceived(fields)
        case "CONT":
            guard receivedCPID else { return close("CONT before CPID") }
            return continuationReceived(fields)
        default:
            return close("unexpected command")
        }
    }

    mutating func close(_ reason: String) -> [DovecotAuthAction] {
        closed = true
        requests.removeAll()
        lineBuffer.removeAll()
        return [.close(reason: reason)]
    }

    /// A decimal UInt32 without sign or leading garbage.
    static func number(_ field: ArraySlice<UInt8>) -> UInt32? {
        guard !field.isEmpty, field.count <= 10,
            field.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return UInt32(String(decoding: field, as: UTF8.self))
    }
}
