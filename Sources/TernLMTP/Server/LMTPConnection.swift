import Logging
import NIOCore
import TernAuth
import TernMail

/// One LMTP connection: performs the state machine's actions until it closes.
struct LMTPConnection {
    let server: LMTPServer
    let logger: Logger

    /// Why a message's copies are being thrown away (what a delivery reading its channel sees).
    struct MessageAborted: Error {}

    func run(_ connection: ProtocolListener.Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var io = LMTPConnectionIO(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                var machine = LMTPSessionStateMachine(configuration: server.configuration.session)
                try await serve(&machine, &io)
            }
        } catch {
            logger.debug("LMTP connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func serve(_ machine: inout LMTPSessionStateMachine, _ io: inout LMTPConnectionIO) async throws {
        while true {
            switch machine.nextAction() {
            case .send(let reply):
                io.queue(reply)
            case .readMore:
                try await io.read(into: &machine)
            case .resolveRecipient(let address):
                machine.recipientResolved(await resolve(address))
            case .beginMessage(let envelope):
                try await receiveMessage(envelope, &machine, &io)
            case .awaitShell, .messageBytes, .finishMessage, .abortMessage:
                // Only reachable inside `receiveMessage`; outside it there is nothing in flight to wait for.
                try await io.flush()
            case .close:
                try await io.flush()
                return
            }
        }
    }

    /// RCPT: the user provider names the user; the user must also have keys in storage (else mail could not be
    /// sealed to them). Storage down gives 451, so the client retries.
    private func resolve(_ address: LMTPAddress) async -> RecipientResolution {
        let text = address.domain.isEmpty ? address.localPart : "\(address.localPart)@\(address.domain)"
        guard let login = await server.recipients.login(forRecipient: text) else {
            logger.info("LMTP unknown recipient", metadata: ["recipient": "\(text)"])
            return .unknownUser
        }
        do {
            guard try await server.mail.userExists(login: login) else {
                logger.warning(
                    "LMTP recipient resolves to a user without keys (create them with `tern user add`)",
                    metadata: ["recipient": "\(text)", "user": "\(login)"]
                )
                return .unknownUser
            }
            if try await server.mail.isOverQuota(login: login) {
                logger.info("LMTP recipient over quota", metadata: ["user": "\(login)"])
                return .overQuota
            }
            return .accepted(mailbox: login)
        } catch {
            logger.error("LMTP recipient check failed", metadata: ["user": "\(login)", "error": "\(error)"])
            return .temporaryFailure
        }
    }

    /// DATA: one concurrent `deliver` per recipient, each fed by a bounded channel, until the final dot (then
    /// every outcome is reported to the machine) or an abort (then every copy is discarded).
    private func receiveMessage(
        _ envelope: LMTPEnvelope,
        _ machine: inout LMTPSessionStateMachine,
        _ io: inout LMTPConnectionIO
    ) async throws {
        let capacity = server.configuration.queuedChunksPerRecipient
        let channels = envelope.recipients.map { _ in MessageChunkChannel(capacity: capacity) }
        let mail = server.mail
        let logger = self.logger
        try await withThrowingTaskGroup(of: (Int, DeliveryOutcome).self) { group in
            for (index, recipient) in envelope.recipients.enumerated() {
                let channel = channels[index]
                group.addTask {
                    defer { channel.readerFinished() }
                    return (index, await Self.deliver(channel, to: recipient.mailbox, mail: mail, logger: logger))
                }
            }
            do {
                let finished = try await stream(&machine, &io, into: channels)
                guard finished else {
                    channels.forEach { $0.fail(MessageAborted()) }
                    for try await _ in group {}
                    return
                }
                channels.forEach { $0.finish() }
                for try await (index, outcome) in group { machine.recipientStored(at: index, outcome) }
            } catch {
                channels.forEach { $0.fail(MessageAborted()) }
                throw error
            }
        }
    }

    /// Feeds decoded bytes to every recipient's channel. True at the final dot, false when the message was aborted
    /// (too big, bare LF, connection lost); the actions after the abort are left to the main loop.
    private func stream(
        _ machine: inout LMTPSessionStateMachine,
        _ io: inout LMTPConnectionIO,
        into channels: [MessageChunkChannel]
    ) async throws -> Bool {
        while true {
            switch machine.nextAction() {
            case .send(let reply):
                io.queue(reply)
            case .readMore:
                try await io.read(into: &machine)
            case .messageBytes(let chunk):
                for channel in channels { await channel.send(chunk) }
            case .finishMessage:
                return true
            case .abortMessage:
                return false
            case .close:
                // Not reached: a close during DATA comes after `.abortMessage`. Treat it as an abort all the same.
                try await io.flush()
                return false
            case .awaitShell, .resolveRecipient, .beginMessage:
                return false
            }
        }
    }

    static func deliver(
        _ channel: MessageChunkChannel,
        to login: String,
        mail: MailService,
        logger: Logger
    ) async -> DeliveryOutcome {
        do {
            let receipt = try await mail.deliver(to: login, message: channel.chunks)
            logger.info(
                "LMTP delivered",
                metadata: ["user": "\(login)", "size": "\(receipt.size)", "incoming_id": "\(receipt.incomingID)"]
            )
            return .durable
        } catch {
            switch error.code {
            case .overQuota:
                logger.info("LMTP over quota", metadata: ["user": "\(login)", "error": "\(error)"])
                return .overQuota
            default:
                logger.warning("LMTP delivery failed", metadata: ["user": "\(login)", "error": "\(error)"])
                return .temporaryFailure
            }
        }
    }
}

/// The socket side of a connection: replies are queued and written in one write when the machine next reads or
/// waits (one write per pipelined batch, so Postfix's pipelined MAIL/RCPT/DATA costs one round trip).
struct LMTPConnectionIO {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var pending = ByteBuffer()

    mutating func queue(_ reply: LMTPReply) {
        LMTPReplyEncoder.encode(reply, into: &pending)
    }

    mutating func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let bytes = pending
        pending = ByteBuffer()
        try await outbound.write(bytes)
    }

    /// Flushes, then reads once into the machine; end of input (or a read error) tells the machine the peer left.
    mutating func read(into machine: inout LMTPSessionStateMachine) async throws {
        try await flush()
        do {
            if let bytes = try await inbound.next() {
                machine.receive(bytes)
                return
            }
        } catch {
            // A reset connection ends the session like a close.
        }
        machine.connectionClosed()
    }
}
