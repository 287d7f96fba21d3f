import NIOCore
import TernAuth
import TernIMAP
import TernMail

/// STARTTLS, LOGIN, AUTHENTICATE PLAIN (with SASL-IR).
extension IMAPSession {
    /// Answers OK, hands the socket to the shell for the handshake, and drops every byte that arrives
    /// before the handshake completes (a plaintext command injected there must never run).
    func startTLSCommand(tag: Tag) async throws -> Completion {
        guard let startTLS else { return .bad("STARTTLS is not available on this connection") }
        try await writer.tagged(tag, .ok, "Begin TLS negotiation now")
        try await writer.flush()
        machine.startTLSAccepted()
        input.clear()
        parser = CommandParser(limits: context.limits.parserLimits, literalPolicy: .literalPlus)
        do {
            try await startTLS()
        } catch {
            logger.info("TLS handshake failed", metadata: ["error": "\(error)"])
            throw SessionTermination(end: .error("TLS handshake failed"))
        }
        while true {
            guard let element = await inbound.next() else { throw SessionTermination(end: .closed) }
            if case .tlsEstablished = element { break }
        }
        machine.tlsEstablished()
        logger.info("TLS established")
        return .answered
    }

    func login(username: ByteString, password: ByteString) async throws -> Completion {
        try await signIn(login: username.stringValue, password: password.stringValue, command: "LOGIN")
    }

    /// AUTHENTICATE PLAIN (RFC 4616): `authzid NUL authcid NUL password`; an authzid other than the
    /// user itself is refused (no proxy authorization).
    func authenticate(mechanism: String, initialResponse: SASLInitialResponse?) async throws -> Completion {
        guard mechanism.uppercased() == "PLAIN" else {
            return .no(.cannot, "Unsupported authentication mechanism")
        }
        let encoded: [UInt8]
        switch initialResponse {
        case .empty?:
            encoded = []
        case .base64(let text)?:
            encoded = text
        case nil:
            try await writer.send(.continuation(.base64("")))
            try await writer.flush()
            parser.expectAuthenticationResponse()
            guard let output = try await nextOutput() else { throw SessionTermination(end: .closed) }
            switch output {
            case .part(.authenticationResponse(.data(let text))):
                encoded = text
            case .part(.authenticationResponse(.cancel)):
                return .bad("AUTHENTICATE cancelled")
            case .error(let failure):
                return .bad(failure.error.message)
            default:
                return .bad("expected an authentication response")
            }
        }
        guard let decoded = Base64.decode(encoded) else { return .bad("invalid base64 in authentication response") }
        let fields = decoded.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { return .bad("malformed PLAIN response") }
        let authorizationID = String(decoding: fields[0], as: UTF8.self)
        let login = String(decoding: fields[1], as: UTF8.self)
        let password = String(decoding: fields[2], as: UTF8.self)
        guard authorizationID.isEmpty || authorizationID == login else {
            return .no(.authorizationFailed, "Proxy authorization is not supported")
        }
        return try await signIn(login: login, password: password, command: "AUTHENTICATE")
    }

    private func signIn(login: String, password: String, command: String) async throws -> Completion {
        let mechanism: IMAPMetrics.LoginMechanism = command == "LOGIN" ? .login : .plain
        // The same bounds as the SASL endpoint, before the limiter sees the name: every distinct name would be a
        // limiter key, and a name with CR LF is what log injection is made of.
        if let violation = CredentialLimits.violation(login: login, password: password) {
            context.metrics.login(.failed, mechanism: mechanism)
            logger.info(
                "login refused unchecked",
                metadata: ["command": "\(command)", "user": "\(login)", "reason": "\(violation)"])
            return .bad(violation)
        }
        let outcome = await context.authenticator.authenticate(
            login: login, password: password, remoteAddress: info.remoteAddress)
        guard case .success(let canonical) = outcome else {
            context.metrics.login(outcome == .temporarilyRefused ? .limited : .failed, mechanism: mechanism)
            logger.info(
                "authentication failed",
                metadata: ["command": "\(command)", "user": "\(login)", "outcome": "\(outcome)"])
            return .no(.authenticationFailed, "Authentication failed")
        }
        let opened: Account
        do {
            opened = try await context.mail.openAccount(login: canonical, password: password)
        } catch {
            context.metrics.login(.error, mechanism: mechanism)
            logger.warning("account could not be opened", metadata: ["user": "\(canonical)", "error": "\(error)"])
            return failure(error)
        }
        account = opened
        // The shell's per-(user, address) connection cap, asked only once the login has fully succeeded (a
        // failed account open must leave the connection before login, deadline running). Over the cap the
        // connection ends, as with Dovecot's mail_max_userip_connections; the account is released on the way out.
        if let admit = info.admitLogin, !admit(canonical) {
            context.metrics.login(.limited, mechanism: mechanism)
            logger.warning("login refused: too many connections", metadata: ["user": "\(canonical)"])
            try await writer.untagged(
                .bye(ResponseText(code: .limit, text: "Too many connections for this user from your address")))
            throw SessionTermination(end: .error("too many connections for this user from this address"))
        }
        machine.authenticated(login: canonical)
        context.metrics.login(.ok, mechanism: mechanism)
        logger[metadataKey: "user"] = "\(canonical)"
        writer.logger = logger
        logger.info("authenticated", metadata: ["command": "\(command)"])
        return .ok("\(command) completed", code: .capability(capabilities))
    }
}
