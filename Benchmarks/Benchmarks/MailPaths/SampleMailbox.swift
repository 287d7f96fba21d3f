import NIOCore
import TernCrypto
import TernMail
import TernStorage

/// A user with one INBOX on the in-memory store (so the numbers are Tern's CPU and allocations,
/// not a disk's), filled with `SampleMail` messages the way the server stores them.
struct SampleMailbox: Sendable {
    let service: MailService
    let account: Account
    let inbox: Mailbox
    /// The INBOX's messages in UID order (what `FETCH 1:*` asks for).
    let messages: [MailboxView.Message]

    /// A fresh service, user and empty INBOX. The KDF is the cheap test setting: only set-up uses it.
    static func empty() async throws -> SampleMailbox {
        let store = MemoryStore()
        let configuration = try MailServiceConfiguration(
            deploymentSecret: Array("tern-benchmark-deployment-secret".utf8), writerSlot: 0, kdf: .testing)
        let service = MailService(rows: store, blobs: store, configuration: configuration)
        try await service.createUser(login: "bench", password: "bench")
        let account = try await service.openAccount(login: "bench", password: "bench")
        let inbox = try await account.mailbox(named: "INBOX")
        return SampleMailbox(service: service, account: account, inbox: inbox, messages: [])
    }

    /// An INBOX holding `messages` (one APPEND each, as a client uploads them), then
    /// checkpointed: every message's metadata packed into a segment, as a mailbox at rest is.
    static func filled(_ messages: [ByteBuffer]) async throws -> SampleMailbox {
        let empty = try await empty()
        for message in messages { try await empty.append(message) }
        try await empty.inbox.checkpoint()
        let view = try await empty.inbox.sync()
        precondition(view.messages.count == messages.count, "\(view.messages.count) of \(messages.count) appended")
        return SampleMailbox(service: empty.service, account: empty.account, inbox: empty.inbox, messages: view.messages)
    }

    /// APPEND as the IMAP handler does it (line endings normalised; these messages need nothing).
    @discardableResult
    func append(_ message: ByteBuffer) async throws -> UInt32 {
        try await inbox.append(
            OneChunk(buffer: message), size: message.readableBytes, flags: [],
            internalDateMillis: 1_796_630_400_000, normalizeLineEndings: true
        ).uid
    }

    func close() async {
        await service.release(account)
    }
}

/// A message as a single chunk: a literal of a few KB arrives in one read.
struct OneChunk: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffer: ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        mutating func next() async -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
}

/// Deterministic messages of 2-5 KB shaped like everyday mail: trace and DKIM headers, then a
/// text/plain body, or (every fourth message) multipart/alternative with a text and an HTML part.
enum SampleMail {
    static func messages(_ count: Int) -> [ByteBuffer] {
        (0..<count).map { ByteBuffer(string: message($0)) }
    }

    static func message(_ number: Int) -> String {
        var random = SplitMix(seed: UInt64(number))
        let day = 1 + number % 28
        let date = "\(day) Nov 2026 \(10 + number % 12):\(10 + number % 50):\(10 + number % 49) +0000"
        let sender = "sender\(number % 97)@example.org"
        var headers = [
            "Return-Path: <\(sender)>",
            "Received: from mx\(number % 5).example.org (mx\(number % 5).example.org [192.0.2.\(number % 250)])\r\n"
                + "\tby mail.example.tld with ESMTPS id \(random.token(12)); \(date)",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s2026;\r\n"
                + "\th=from:to:subject:date:message-id:mime-version; bh=\(random.token(43))=;\r\n"
                + "\tb=\(random.token(76))\r\n\t \(random.token(76))\r\n\t \(random.token(76))\r\n\t \(random.token(60))==",
            "From: Sender \(number % 97) <\(sender)>",
            "To: Alice <alice@example.tld>",
            "Subject: \(random.words(4 + number % 5).capitalizedFirst) (\(number))",
            "Date: Mon, \(date)",
            "Message-ID: <\(random.token(16)).\(number)@example.org>",
            "MIME-Version: 1.0",
        ]
        let bodyBytes = 1_500 + Int(random.next() % 3_000)
        if number % 4 == 3 {
            let boundary = "b-\(random.token(20))"
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            let text = random.paragraphs(bytes: bodyBytes / 2)
            let html = "<html><body><p>" + random.paragraphs(bytes: bodyBytes / 2).replacingBlankLines("</p>\r\n<p>")
                + "</p></body></html>\r\n"
            return headers.joined(separator: "\r\n") + "\r\n\r\n"
                + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + text
                + "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + html + "--\(boundary)--\r\n"
        }
        headers.append("Content-Type: text/plain; charset=utf-8")
        headers.append("Content-Transfer-Encoding: 7bit")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + random.paragraphs(bytes: bodyBytes)
    }
}

/// SplitMix64: the same messages on every run and machine.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let vocabulary = [
        "the", "meeting", "report", "we", "next", "week", "budget", "please", "review", "attached", "draft",
        "and", "server", "release", "notes", "thanks", "for", "update", "project", "schedule", "a", "to",
        "mailbox", "of", "quarter", "numbers", "team", "customer", "invoice", "agenda", "is", "on", "with",
    ]

    mutating func token(_ length: Int) -> String {
        String(decoding: (0..<length).map { _ in Self.tokenAlphabet[Int(next() % 64)] }, as: UTF8.self)
    }

    mutating func words(_ count: Int) -> String {
        (0..<count).map { _ in Self.vocabulary[Int(next() % UInt64(Self.vocabulary.count))] }.joined(separator: " ")
    }

    /// Lines of at most 76 bytes, CRLF-terminated, a blank line every few lines, about `bytes` long.
    mutating func paragraphs(bytes: Int) -> String {
        var text = ""
        var lines = 0
        while text.utf8.count < bytes {
            var line = words(6 + Int(next() % 6)).capitalizedFirst + "."
            if line.utf8.count > 76 { line = String(line.prefix(76)) }
            text += line + "\r\n"
            lines += 1
            if lines % 5 == 0 { text += "\r\n" }
        }
        return text
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    func replacingBlankLines(_ replacement: String) -> String {
        split(separator: "\r\n\r\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
