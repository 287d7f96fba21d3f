extension LMTPSessionStateMachine {
    mutating func handle(_ line: [UInt8], greeted: Bool, transaction: Transaction?) {
        let command: LMTPCommand
        switch LMTPCommandParser.parse(line) {
        case .error(let reply):
            return fail(with: reply)
        case .command(let parsed):
            command = parsed
        }
        switch command {
        case .lhlo:
            state = .command(greeted: true, transaction: nil)
            pending.append(.send(lhloReply))
        case .smtpGreeting:
            fail(with: .useLHLO)
        case .mail(let reversePath, let parameters):
            guard greeted else { return fail(with: .needLHLO) }
            guard transaction == nil else { return fail(with: .nestedMail) }
            if let size = parameters.size, size > configuration.maxMessageBytes {
                return pending.append(.send(.messageTooBig))
            }
            if let reversePath, !reversePath.isASCII, !parameters.smtpUTF8 {
                return pending.append(.send(.nonASCIIWithoutSMTPUTF8))
            }
            state = .command(greeted: true, transaction: Transaction(reversePath: reversePath, parameters: parameters))
            pending.append(.send(.senderOK))
        case .rcpt(let address):
            guard greeted else { return fail(with: .needLHLO) }
            guard let transaction else { return fail(with: .needMail) }
            guard transaction.recipients.count < configuration.maxRecipients else {
                return pending.append(.send(.tooManyRecipients))
            }
            guard address.isASCII || transaction.parameters.smtpUTF8 else {
                return pending.append(.send(.nonASCIIWithoutSMTPUTF8))
            }
            state = .resolvingRecipient(transaction, address)
            pending.append(.resolveRecipient(address))
        case .data:
            guard greeted else { return fail(with: .needLHLO) }
            guard let transaction else { return fail(with: .needMail) }
            guard !transaction.recipients.isEmpty else { return fail(with: .needRecipient) }
            state = .receivingData(transaction, DotUnstuffingDecoder(maxMessageBytes: configuration.maxMessageBytes))
            pending.append(.send(.startData))
            pending.append(.beginMessage(transaction.envelope))
        case .rset:
            state = .command(greeted: greeted, transaction: nil)
            pending.append(.send(.ok))
        case .noop:
            pending.append(.send(.ok))
        case .vrfy:
            pending.append(.send(.cannotVerify))
        case .help:
            pending.append(.send(.help))
        case .unsupportedCommand:
            fail(with: .unsupportedCommand)
        case .quit:
            pending.append(.send(.bye))
            pending.append(.close)
            state = .closed
            inbound.clear()
        }
    }

    /// The LHLO reply lists the extensions; CHUNKING is left out because BDAT is not implemented.
    var lhloReply: LMTPReply {
        LMTPReply(
            code: 250,
            enhanced: nil,
            lines: [
                configuration.hostname, "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8",
                "SIZE \(configuration.maxMessageBytes)",
            ]
        )
    }
}
