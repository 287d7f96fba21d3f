import NIOCore
import TernIMAP
import Testing

@testable import TernIMAPServer

/// COMPRESS DEFLATE through a whole session without sockets: the client side compresses with its own
/// `RawDeflater` and reads the server's output through a `RawInflater` once the tagged OK was read.
/// (Interoperability with other implementations: the imaplib scenario and the offlineimap suite.)
@Suite struct CompressCommandTests {
    @Test func commandsAndResponsesAreCompressedAfterTheTaggedOK() async throws {
        let world = try await TestMailWorld()
        let client = try await CompressingClient.connect(world)
        #expect(await client.command("l", "LOGIN alice hunter2").last?.hasPrefix("l OK [CAPABILITY ") == true)
        #expect(await client.command("c", "COMPRESS DEFLATE") == ["c OK DEFLATE active"])
        try await client.startCompression()
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        let message = "Subject: compressed\r\n\r\n" + String(repeating: "All work and no play. ", count: 3000) + "\r\n"
        let append = await client.command("a", "APPEND INBOX {\(message.utf8.count)+}\r\n\(message)")
        #expect(append.last?.hasPrefix("a OK [APPENDUID ") == true)
        #expect(await client.command("s", "SELECT INBOX").last == "s OK [READ-WRITE] SELECT completed")
        let fetch = await client.command("f", "FETCH 1 BODY.PEEK[TEXT]")
        #expect(fetch.first == "* 1 FETCH (BODY[TEXT] {\(message.utf8.count - 23)}")
        #expect(fetch.dropFirst().first == String(repeating: "All work and no play. ", count: 3000))
        #expect(fetch.last == "f OK FETCH completed")
        // IDLE wakes for another session's APPEND; DONE arrives compressed.
        client.send("i IDLE\r\n")
        #expect(await client.nextLine() == "+ idling")
        let other = try await world.connect()
        _ = await other.command("l", "LOGIN alice hunter2")
        #expect(await other.command("a", "APPEND INBOX {9+}\r\nSubject: \r\n").last?.hasPrefix("a OK") == true)
        #expect(await client.nextLine() == "* 2 EXISTS")
        client.send("DONE\r\n")
        #expect(await client.readUntil(tag: "i").last == "i OK IDLE terminated")
        #expect(await client.command("z", "LOGOUT") == ["* BYE Logging out", "z OK LOGOUT completed"])
        _ = await other.close()
        #expect(await client.close() == .logout)
    }

    /// RFC 4978 forbids sending before the OK, but bytes that arrive with the command (already read
    /// past its CRLF) are compressed: they are decompressed, not parsed as text.
    @Test func bytesReadTogetherWithTheCommandAreDecompressed() async throws {
        let world = try await TestMailWorld()
        let client = try await CompressingClient.connect(world)
        _ = await client.command("l", "LOGIN alice hunter2")
        var together = ByteBuffer(string: "c COMPRESS DEFLATE\r\n")
        var compressed = try client.deflate("n NOOP\r\n")
        together.writeBuffer(&compressed)
        client.sendRaw(together)
        #expect(await client.nextLine() == "c OK DEFLATE active")
        try await client.startCompression()
        #expect(await client.readUntil(tag: "n") == ["n OK NOOP completed"])
        _ = await client.close()
    }

    @Test func refusedBeforeLoginForOtherMechanismsAndTwice() async throws {
        let world = try await TestMailWorld()
        let client = try await CompressingClient.connect(world)
        #expect(await client.command("c1", "COMPRESS DEFLATE") == ["c1 BAD log in first"])
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(await client.command("c2", "COMPRESS GZIP") == ["c2 BAD unknown compression mechanism"])
        #expect(await client.command("c3", "COMPRESS DEFLATE") == ["c3 OK DEFLATE active"])
        try await client.startCompression()
        #expect(await client.command("c4", "COMPRESS DEFLATE") == ["c4 NO [COMPRESSIONACTIVE] DEFLATE is already active"])
        let capability = await client.command("k", "CAPABILITY")
        #expect(capability.first?.contains(" COMPRESS=DEFLATE ") == true)
        _ = await client.close()
    }

    /// 8 MiB of one byte in a line (about 8 KiB compressed) meets the 64 KiB line limit like plain
    /// input would: BAD, the rest of the line skipped piece by piece, and the session goes on.
    @Test func decompressionBombHitsTheLineLimit() async throws {
        let world = try await TestMailWorld()
        let client = try await CompressingClient.connect(world)
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c", "COMPRESS DEFLATE")
        try await client.startCompression()
        client.send("b SEARCH " + String(repeating: "A", count: 8 << 20) + "\r\n")
        let answer = await client.readUntil(tag: "b")
        #expect(answer == ["b BAD line longer than 65536 bytes"])
        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        _ = await client.close()
    }

    @Test func invalidCompressedDataEndsTheSessionWithBye() async throws {
        let world = try await TestMailWorld()
        let client = try await CompressingClient.connect(world)
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c", "COMPRESS DEFLATE")
        try await client.startCompression()
        client.sendRaw(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(await client.nextLine() == "* BYE Invalid compressed data, closing")
        #expect(await client.task.value == .error("invalid compressed input"))
    }

    @Test func stateMachineAdmitsCompressOncePerConnectionAfterLogin() {
        var machine = SessionStateMachine(isTLS: true, canStartTLS: false, loginDisabledWithoutTLS: false)
        #expect(machine.commandReceived(.compress(mechanism: "DEFLATE")) == .rejectBad("log in first"))
        machine.authenticated(login: "alice")
        #expect(machine.commandReceived(.compress(mechanism: "LZ4")) == .rejectBad("unknown compression mechanism"))
        #expect(machine.commandReceived(.compress(mechanism: "DEFLATE")) == .proceed)
        machine.selected(mailbox: "INBOX", readOnly: false)
        #expect(machine.commandReceived(.compress(mechanism: "DEFLATE")) == .proceed)
        machine.compressionStarted()
        #expect(machine.isCompressed)
        #expect(
            machine.commandReceived(.compress(mechanism: "DEFLATE"))
                == .rejectNo(.compressionActive, "DEFLATE is already active"))
    }
}

/// A scripted client over in-memory inbound/outbound that can switch both directions to DEFLATE.
final class CompressingClient: Sendable {
    let outbound = DecompressingOutbound()
    let input: AsyncStream<IMAPInbound>.Continuation
    let task: Task<IMAPConnectionEnd, Never>
    private let deflater: ClientDeflater

    static func connect(_ world: TestMailWorld) async throws -> CompressingClient {
        let client = CompressingClient(context: world.context)
        #expect(await client.nextLine()?.hasPrefix("* OK [CAPABILITY IMAP4rev1") == true)
        return client
    }

    private init(context: IMAPServerContext) {
        let (stream, continuation) = AsyncStream<IMAPInbound>.makeStream()
        input = continuation
        deflater = ClientDeflater()
        let outbound = self.outbound
        task = Task {
            let end = await IMAPConnection.run(
                inbound: stream, outbound: outbound, startTLS: nil,
                info: IMAPConnectionInfo(remoteAddress: "127.0.0.1", isTLS: true, canStartTLS: false, sessionID: "c1"),
                context: context)
            await outbound.close()
            return end
        }
    }

    /// After the tagged OK: the server's output from here is decompressed, the client's input compressed.
    func startCompression() async throws {
        try await outbound.startDecompressing()
        try deflater.start()
    }

    func deflate(_ text: String) throws -> ByteBuffer {
        let deflater = try RawDeflater()
        var input = ByteBuffer(string: text)
        var output = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        while try !deflater.compress(&input, into: &output) { output.reserveCapacity(minimumWritableBytes: 64 * 1024) }
        return output
    }

    func sendRaw(_ bytes: ByteBuffer) {
        input.yield(.bytes(bytes))
    }

    func send(_ text: String) {
        for chunk in deflater.process(ByteBuffer(string: text)) { input.yield(.bytes(chunk)) }
    }

    func command(_ tag: String, _ text: String) async -> [String] {
        send("\(tag) \(text)\r\n")
        return await readUntil(tag: tag)
    }

    func readUntil(tag: String) async -> [String] {
        var lines: [String] = []
        while let line = await outbound.nextLine() {
            lines.append(line)
            if line.hasPrefix("\(tag) ") { break }
        }
        return lines
    }

    func nextLine() async -> String? { await outbound.nextLine() }

    func close() async -> IMAPConnectionEnd {
        input.finish()
        return await task.value
    }
}

/// The client's compressor, off until `start()`; before it, bytes pass as they are.
final class ClientDeflater: @unchecked Sendable {
    private var deflater: RawDeflater?

    func start() throws { deflater = try RawDeflater(.init(level: 6, windowBits: 15, memoryLevel: 8)) }

    func process(_ bytes: ByteBuffer) -> [ByteBuffer] {
        guard let deflater else { return [bytes] }
        var input = bytes
        var chunks: [ByteBuffer] = []
        while true {
            var output = ByteBufferAllocator().buffer(capacity: 16 * 1024)
            let finished = (try? deflater.compress(&input, into: &output)) ?? true
            chunks.append(output)
            if finished { return chunks }
        }
    }
}

/// Collects what the server writes; after `startDecompressing()` the bytes not yet read as lines
/// are raw DEFLATE and are decompressed before lines are cut.
actor DecompressingOutbound: IMAPOutbound {
    private var pending: [UInt8] = []
    private var decompression: CompressedInput?
    private var closed = false
    private var waiter: CheckedContinuation<Void, Never>?

    func write(_ bytes: ByteBuffer) async throws {
        if decompression != nil {
            decompression?.received(bytes)
            drain()
        } else {
            pending.append(contentsOf: bytes.readableBytesView)
        }
        waiter?.resume()
        waiter = nil
    }

    func startDecompressing() throws {
        var decompression = CompressedInput(inflater: try RawInflater())
        decompression.received(ByteBuffer(bytes: pending))
        pending = []
        self.decompression = decompression
        drain()
    }

    private func drain() {
        do {
            while let piece = try decompression?.next() { pending.append(contentsOf: piece.readableBytesView) }
        } catch {
            Issue.record("server sent invalid DEFLATE: \(error)")
            closed = true
        }
    }

    func close() {
        closed = true
        waiter?.resume()
        waiter = nil
    }

    func nextLine() async -> String? {
        while true {
            if let index = pending.indices.dropFirst().first(where: { pending[$0 - 1] == 13 && pending[$0] == 10 }) {
                let line = String(decoding: pending[..<(index - 1)], as: UTF8.self)
                pending.removeFirst(index + 1)
                return line
            }
            if closed { return nil }
            await withCheckedContinuation { waiter = $0 }
        }
    }
}
