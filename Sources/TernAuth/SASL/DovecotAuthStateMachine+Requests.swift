extension DovecotAuthStateMachine {
    static let maxUserBytes = CredentialLimits.maxLoginBytes
    static let maxPasswordBytes = CredentialLimits.maxPasswordBytes
    static let usernameChallenge = Base64.encode(Array("Username:".utf8))
    static let passwordChallenge = Base64.encode(Array("Password:".utf8))

    mutating func authReceived(_ fields: [ArraySlice<UInt8>]) -> [DovecotAuthAction] {
        guard fields.count >= 3, let id = Self.number(fields[1]) else { return close("bad AUTH line") }
        // Dovecot treats a reused id as a client bug and drops the connection.
        guard requests[id] == nil else { return close("duplicate request id \(id)") }
        let mechanismName = String(decoding: fields[2], as: UTF8.self).uppercased()
        guard let mechanism = Mechanism(rawValue: mechanismName) else {
            return fail(id, reason: "Unsupported authentication mechanism")
        }
        let parameters = AuthParameters(fields.dropFirst(3))
        guard parameters.service != nil else { return fail(id, reason: "Missing service") }
        if configuration.requireSecureTransport, !(configuration.peerIsTrusted && parameters.isSecure) {
            return fail(id, reason: "Plaintext authentication disallowed on non-secure connections")
        }
        guard makeRoom() else { return [.send("FAIL\t\(id)\treason=Too many pending requests\ttemp")] }
        var request = Request(
            mechanism: mechanism,
            stage: .awaitingPlainResponse,
            parameters: parameters,
            sequence: nextSequence
        )
        nextSequence += 1
        switch mechanism {
        case .plain:
            requests[id] = request
            guard let response = parameters.initialResponse else { return [.send("CONT\t\(id)\t")] }
            return plainResponseReceived(id, response)
        case .login:
            // A LOGIN initial response, if any, is the user name (as Dovecot's LOGIN accepts it).
            request.stage = .awaitingLoginUser
            requests[id] = request
            guard let response = parameters.initialResponse, !response.isEmpty else {
                return [.send("CONT\t\(id)\t\(Self.usernameChallenge)")]
            }
            return loginUserReceived(id, response)
        }
    }

    mutating func continuationReceived(_ fields: [ArraySlice<UInt8>]) -> [DovecotAuthAction] {
        guard fields.count == 2 || fields.count == 3, let id = Self.number(fields[1]) else {
            return close("bad CONT line")
        }
        let data = fields.count == 3 ? Array(fields[2]) : []
        guard let request = requests[id] else { return fail(id, reason: "Unknown or expired authentication request") }
        switch request.stage {
        case .awaitingPlainResponse:
            return plainResponseReceived(id, data)
        case .awaitingLoginUser:
            return loginUserReceived(id, data)
        case .awaitingLoginPassword(let user):
            guard let password = Base64.decode(data) else { return fail(id, reason: "Invalid base64 data") }
            return verify(id, user: user, password: password)
        case .verifying:
            return fail(id, reason: "Unexpected continuation")
        }
    }

    /// PLAIN (RFC 4616): `authzid NUL authcid NUL password`.
    private mutating func plainResponseReceived(_ id: UInt32, _ base64: [UInt8]) -> [DovecotAuthAction] {
        guard let message = Base64.decode(base64) else { return fail(id, reason: "Invalid base64 data") }
        let parts = message.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return fail(id, reason: "Invalid PLAIN message") }
        guard let user = Self.validUser(parts[1]) else { return fail(id, reason: "Invalid user name") }
        // An authorization id is accepted only when it names the same user: no proxy logins.
        guard parts[0].isEmpty || parts[0].elementsEqual(parts[1]) else {
            return fail(id, reason: "Authorization as another user is not supported")
        }
        return verify(id, user: user, password: Array(parts[2]))
    }

    private mutating func loginUserReceived(_ id: UInt32, _ base64: [UInt8]) -> [DovecotAuthAction] {
        guard let decoded = Base64.decode(base64) else { return fail(id, reason: "Invalid base64 data") }
        guard let user = Self.validUser(decoded[...]) else { return fail(id, reason: "Invalid user name") }
        requests[id]?.stage = .awaitingLoginPassword(user: user)
        return [.send("CONT\t\(id)\t\(Self.passwordChallenge)")]
    }

    private mutating func verify(_ id: UInt32, user: String, password: [UInt8]) -> [DovecotAuthAction] {
        guard let request = requests[id] else { return [] }
        // An empty or absurdly long password cannot match; answering at once tells nothing about the user.
        guard !password.isEmpty, password.count <= Self.maxPasswordBytes else {
            requests[id] = nil
            return [.send("FAIL\t\(id)\tuser=\(DovecotTabEscaping.escape(user))")]
        }
        requests[id]?.stage = .verifying(user: user)
        let check = CredentialCheck(
            requestID: id,
            user: user,
            password: password,
            mechanism: request.mechanism.rawValue,
            service: request.parameters.service ?? "",
            remoteAddress: request.parameters.remoteAddress,
            localAddress: request.parameters.localAddress,
            secured: request.parameters.secured
        )
        return [.verify(check)]
    }

    mutating func fail(_ id: UInt32, reason: String) -> [DovecotAuthAction] {
        requests[id] = nil
        return [.send("FAIL\t\(id)\treason=\(DovecotTabEscaping.escape(reason))")]
    }

    /// Makes room for one more request. A client that abandons exchanges (Postfix does when the SMTP client sends
    /// `*`) leaves requests waiting for CONT; the oldest of those is dropped. Requests being verified are kept.
    private mutating func makeRoom() -> Bool {
        guard requests.count >= configuration.maxPendingRequests else { return true }
        let abandoned = requests.filter {
            if case .verifying = $0.value.stage { false } else { true }
        }
        guard let oldest = abandoned.min(by: { $0.value.sequence < $1.value.sequence }) else { return false }
        requests[oldest.key] = nil
        return true
    }

    /// A user name: UTF-8, 1...255 bytes, no control characters.
    static func validUser(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, bytes.count <= maxUserBytes, !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            return nil
        }
        let user = String(decoding: bytes, as: UTF8.self)
        return user.utf8.elementsEqual(bytes) ? user : nil
    }
}
