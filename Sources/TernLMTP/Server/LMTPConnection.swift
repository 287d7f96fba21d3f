import Logging
import NIOCore
import TernAuth
import TernMail

/// One LMTP connection: performs the state machine's actions until it closes.
struct LMTPConnection {
    let server: LMTPServer
    let logger: Logger

    /// Why a message is being thrown away (what the delivery reading its channel sees).
    struct MessageAborted: Error {}

    func run(_ connection: ProtocolListener.Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var io = LMTPConnectionIO(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                var machine = LMTPSessionStateMachine(configuration: server.configuration.session)
                var usage = RecipientUsageCache(
                    capacity: server.configuration.session.maxRecipients, maxAge: server.configuration.usageMaxAge)
                try await serve(&machine, &io, &usage)
            }
        } catch {
            logger.debug("LMTP connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func serve(
        _ machine: inout LMTPSessionStateMachine,
        _ io: inout LMTPConnectionIO,
        _ usage: inout RecipientUsageCache
    ) async throws {
        while true {
            switch machine.nextAction() {
            case .send(let reply):
                io.queue(reply)
            case .readMore:
                try await io.read(into: &machine)
            case .resolveRecipient(let address):
                machine.recipientResolved(await resolve(address, &usage))
            case .beginMessage(let envelope):
                try await receiveMessage(envelope, &machine, &io, &usage)
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
    /// sealed to them). Storage down gives 451, so the client retries. Usage comes from the connection's cache
    /// when fresh, so a hundred RCPTs for one user list that user's objects once.
    private func resolve(_ address: LMTPAddress, _ usage: inout RecipientUsageCache) async -> RecipientResolution {
        let text = address.domain.isEmpty ? address.localPart : "\(address.localPart)@\(address.domain)"
        guard let login = await server.recipients.login(forRecipient: text) else {
            logger.info("LMTP unknown recipient", metadata: ["command": "RCPT", "recipient": "\(text)"])
            return .unknownUser
        }
        do {
            guard try await server.mail.userExists(login: login) else {
                logger.warning(
                    "LMTP recipient resolves to a user without keys (create them with `tern user add`)",
                    metadata: ["command": "RCPT", "recipient": "\(text)", "user": "\(login)"]
                )
                return .unknownUser
            }
            if let quota = server.mail.quotaBytes {
                let now = ContinuousClock.now
                let used: UInt64
                if let known = usage.bytes(for: login, now: now) {
                    used = known
                } else {
                    used = try await server.mail.storedBytes(login: login)
                    usage.record(used, for: login, now: now)
                }
                if used >= quota {
                    logger.info("LMTP recipient over quota", metadata: ["command": "RCPT", "user": "\(login)"])
                    return .overQuota
                }
            }
            return .accepted(mailbox: login)
        } catch {
            logger.error(
                "LMTP recipient check failed", metadata: ["command": "RCPT", "user": "\(login)", "error": "\(error)"])
            return .temporaryFailure
        }
    }

    /// DATA: one `deliver` for all recipients, fed through one bounded channel. It holds one part of the message
    /// and writes it for a few recipients at a time, so memory does not grow with the recipient count. At the final
    /// dot every outcome is reported to the machine; on an abort the delivery stores nothing.
    private func receiveMessage(
        _ envelope: LMTPEnvelope,
        _ machine: inout LMTPSessionStateMachine,
        _ io: inout LMTPConnectionIO,
        _ usage: inout RecipientUsageCache
    ) async throws {
        let channel = MessageChunkChannel(capacity: server.configuration.queuedChunks)
        let now = ContinuousClock.now
        let targets = envelope.recipients.map {
            DeliveryTarget(login: $0.mailbox, knownUsage: usage.bytes(for: $0.mailbox, now: now))
        }
        let mail = server.mail
        let concurrentWrites = server.configuration.concurrentWrites
        try await withThrowingTaskGroup(of: [Result<DeliveryReceipt, MailError>].self) { group in
            group.addTask {
                defer { channel.readerFinished() }
                return await mail.deliver(to: targets, message: channel.chunks, concurrentWrites: concurrentWrites)
            }
            do {
                guard try await stream(&machine, &io, into: channel) else {
                    channel.fail(MessageAborted())
                    for try await _ in group {}
                    return
                }
                channel.finish()
                let results = try await group.next() ?? []
                server.metrics.messageStored(after: ContinuousClock.now - now)
                for (index, result) in results.enumerated() {
                    let login = targets[index].login
                    if case .success(let receipt) = result { usage.add(receipt.sealedBytes, for: login) }
                    machine.recipientStored(at: index, outcome(result, login: login))
                }
            } catch {
                channel.fail(MessageAborted())
                throw error
            }
        }
    }

    /// Feeds decoded bytes to the delivery's channel. True at the final dot, false when the message was aborted
    /// (too big, bare LF, connection lost); the actions after the abort are left to the main loop.
    private func stream(
        _ machine: inout LMTPSessionStateMachine,
        _ io: inout LMTPConnectionIO,
        into channel: MessageChunkChannel
    ) async throws -> Bool {
        while true {
            switch machine.nextAction() {
            case .send(let reply):
                io.queue(reply)
            case .readMore:
                try await io.read(into: &machine)
            case .messageBytes(let chunk):
                await channel.send(chunk)
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

    private func outcome(_ result: Result<DeliveryReceipt, MailError>, login: String) -> DeliveryOutcome {
        switch result {
        case .success(let receipt):
            logger.info(
                "LMTP delivered",
                metadata: [
                    "command": "DATA", "user": "\(login)", "size": "\(receipt.size)",
                    "incoming_id": "\(receipt.incomingID)",
                ]
            )
            server.metrics.delivered(.delivered)
            return .durable
        case .failure(let error) where error.code == .overQuota:
            logger.info("LMTP over quota", metadata: ["command": "DATA", "user": "\(login)", "error": "\(error)"])
            server.metrics.delivered(.overQuota)
            return .overQuota
        case .failure(let error):
            logger.warning(
                "LMTP delivery failed", metadata: ["command": "DATA", "user": "\(login)", "error": "\(error)"])
            server.metrics.delivered(.failed)
            return .temporaryFailure
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
