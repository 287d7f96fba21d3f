import NIOCore

/// The server side of one LMTP connection (RFC 2033), pure: bytes and results in, actions out.
///
/// The shell loop: call `nextAction()` and perform what it returns; on `.readMore` read and `receive(_:)`; on
/// `.resolveRecipient` / `.finishMessage` feed the results back. Pipelined commands are taken from the inbound
/// buffer one at a time, so replies come out in command order, and nothing after a pending RCPT is looked at
/// until its resolution is in.
public struct LMTPSessionStateMachine: Sendable {
    struct Transaction: Sendable {
        var reversePath: LMTPAddress?
        var parameters: LMTPMailParameters
        var recipients: [LMTPRecipient] = []

        var envelope: LMTPEnvelope {
            LMTPEnvelope(reversePath: reversePath, parameters: parameters, recipients: recipients)
        }
    }

    enum State: Sendable {
        case awaitingGreeting
        /// Reading commands. `greeted` is true after LHLO.
        case command(greeted: Bool, transaction: Transaction?)
        case resolvingRecipient(Transaction, LMTPAddress)
        case receivingData(Transaction, DotUnstuffingDecoder)
        /// After the final dot: one reply per recipient, in RCPT order, each only once its outcome is known.
        case awaitingDeliveries(Transaction, outcomes: [DeliveryOutcome?], nextReply: Int)
        case closed
    }

    public let configuration: LMTPConfiguration
    var state = State.awaitingGreeting
    var inbound = ByteBuffer()
    var framer: LMTPLineFramer
    var errorCount = 0
    /// Actions already decided by one step (at most a reply per recipient plus a few), handed out in order.
    var pending: [LMTPAction] = []

    public init(configuration: LMTPConfiguration) {
        self.configuration = configuration
        self.framer = LMTPLineFramer(maxLineLength: configuration.maxCommandLineLength)
    }

    /// Unprocessed input held right now (bounded by `maxBufferedInput`).
    public var bufferedInputBytes: Int { inbound.readableBytes }

    /// Bytes read from the socket.
    public mutating func receive(_ bytes: ByteBuffer) {
        if case .closed = state { return }
        var bytes = bytes
        inbound.discardReadBytes()
        inbound.writeBuffer(&bytes)
        if inbound.readableBytes > configuration.maxBufferedInput {
            closeWith(.inputOverflow)
        }
    }

    /// The peer closed the connection (or the shell gave up on it): a message in flight is discarded.
    public mutating func connectionClosed() {
        switch state {
        case .receivingData(_, let decoder) where decoder.isProducingOutput:
            pending = [.abortMessage, .close]
        case .closed:
            return
        default:
            pending = [.close]
        }
        state = .closed
        inbound.clear()
    }

    public mutating func nextAction() -> LMTPAction {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            switch state {
            case .awaitingGreeting:
                state = .command(greeted: false, transaction: nil)
                return .send(LMTPReply(220, nil, "\(configuration.hostname) LMTP Tern ready"))
            case .closed:
                return .close
            case .resolvingRecipient:
                return .awaitShell
            case .awaitingDeliveries(let transaction, let outcomes, let next):
                guard let outcome = outcomes[next] else { return .awaitShell }
                let reply = Self.deliveryReply(outcome, for: transaction.recipients[next].address)
                if next + 1 == outcomes.count {
                    state = .command(greeted: true, transaction: nil)
                } else {
                    state = .awaitingDeliveries(transaction, outcomes: outcomes, nextReply: next + 1)
                }
                return .send(reply)
            case .receivingData(let transaction, var decoder):
                guard inbound.readableBytes > 0 else { return .readMore }
                stepData(transaction, &decoder)
            case .command(let greeted, let transaction):
                switch framer.nextLine(from: &inbound) {
                case .needMoreInput:
                    return .readMore
                case .tooLong:
                    fail(with: .lineTooLong)
                case .line(let line):
                    handle(line, greeted: greeted, transaction: transaction)
                }
            }
        }
    }

    /// The answer to `.resolveRecipient`. Ignored in any other state.
    public mutating func recipientResolved(_ resolution: RecipientResolution) {
        guard case .resolvingRecipient(var transaction, let address) = state else { return }
        let reply: LMTPReply
        switch resolution {
        case .accepted(let mailbox):
            transaction.recipients.append(LMTPRecipient(address: address, mailbox: mailbox))
            reply = .recipientOK
        case .unknownUser:
            reply = LMTPReply(550, EnhancedStatusCode(5, 1, 1), "\(address): Recipient address rejected: User unknown")
        case .overQuota:
            reply = LMTPReply(452, EnhancedStatusCode(4, 2, 2), "\(address): Mailbox full")
        case .temporaryFailure:
            reply = LMTPReply(451, EnhancedStatusCode(4, 3, 0), "\(address): Temporary failure, try again later")
        }
        state = .command(greeted: true, transaction: transaction)
        pending.append(.send(reply))
    }

    /// The outcome for `envelope.recipients[index]` after `.finishMessage`. The first report for an index counts.
    public mutating func recipientStored(at index: Int, _ outcome: DeliveryOutcome) {
        guard case .awaitingDeliveries(let transaction, var outcomes, let next) = state,
            outcomes.indices.contains(index), outcomes[index] == nil
        else { return }
        outcomes[index] = outcome
        state = .awaitingDeliveries(transaction, outcomes: outcomes, nextReply: next)
    }

    static func deliveryReply(_ outcome: DeliveryOutcome, for address: LMTPAddress) -> LMTPReply {
        switch outcome {
        case .durable:
            return LMTPReply(250, EnhancedStatusCode(2, 0, 0), "\(address) delivered")
        case .overQuota:
            return LMTPReply(452, EnhancedStatusCode(4, 2, 2), "\(address) Mailbox full")
        case .temporaryFailure:
            return LMTPReply(451, EnhancedStatusCode(4, 3, 0), "\(address) Temporary failure, try again later")
        }
    }

    /// Queues an error reply and counts it; too many errors end the session.
    mutating func fail(with reply: LMTPReply) {
        errorCount += 1
        if errorCount >= configuration.maxErrors {
            pending.append(.send(reply))
            closeWith(.tooManyErrors)
        } else {
            pending.append(.send(reply))
        }
    }

    mutating func closeWith(_ reply: LMTPReply) {
        if case .receivingData(_, let decoder) = state, decoder.isProducingOutput {
            pending.append(.abortMessage)
        }
        pending.append(.send(reply))
        pending.append(.close)
        state = .closed
        inbound.clear()
    }
}
