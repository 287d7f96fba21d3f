import Glibc
import NIOCore
import TernIMAP
import TernMIME
import TernMail
import TernStorage

@testable import TernIMAPServer

/// A stored message for query tests: raw bytes and their scanned structure.
struct StoredMessage: Sendable {
    var bytes: [UInt8]
    var structure: MessageStructure
    var flags: [String]
    var internalDateMillis: Int64

    init(_ text: String, flags: [String] = [], internalDate: String = "17-Jul-1996 02:44:25 -0700") {
        self.init(bytes: Array(text.utf8), flags: flags, internalDate: internalDate)
    }

    init(bytes: [UInt8], flags: [String] = [], internalDate: String = "17-Jul-1996 02:44:25 -0700") {
        self.bytes = bytes
        self.structure = MIMEScanner.scan(ByteBuffer(bytes: bytes))
        self.flags = flags
        self.internalDateMillis = Self.millis(internalDate)
    }

    /// `dd-Mon-yyyy hh:mm:ss +zzzz` as milliseconds since 1970.
    static func millis(_ text: String) -> Int64 {
        let parts = text.split(separator: " ")
        let date = parts[0].split(separator: "-")
        let time = parts[1].split(separator: ":").map { Int($0)! }
        let zone = Int(parts[2])!
        let day = IMAPDate(year: Int(date[2])!, month: IMAPDate.month(named: Array(date[1].utf8))!, day: Int(date[0])!)!
        let zoneMinutes = (zone / 100) * 60 + (zone % 100)
        let parsed = InternalDate(date: day, hour: time[0], minute: time[1], second: time[2], zoneMinutes: zoneMinutes)!
        return parsed.secondsSinceEpoch * 1000
    }
}

/// A mailbox of stored messages, as the view SESSION would pass plus an in-memory content source.
struct TestMailbox {
    let messages: [QueryMessage]
    let source: MemorySource

    /// UIDs are 1, 65, 129, ... (one writer in slot 1); `recent` lists 1-based positions.
    /// `holdsHeaders`: the source answers `heldBytes` for ranges inside each message's header, as
    /// the server's source does with the header blocks stored with the metadata.
    init(
        _ stored: [StoredMessage], recent: Set<Int> = [], chunkSize: Int = 64 * 1024, holdsHeaders: Bool = false
    ) throws {
        var state = MailboxState(uidValidityBase: 1_000)
        var writer = MailboxWriter(writer: try Writer(id: 1, slot: 1))
        var millis: UInt64 = 1_000
        var contents: [MessageID: StoredMessage] = [:]
        for (index, message) in stored.enumerated() {
            millis += 1
            let id = MessageID(high: UInt64(index + 1), low: 7)
            let operation = try writer.append(
                messageID: id, blobReference: [UInt8(truncatingIfNeeded: index)], metadataReference: [],
                flags: message.flags, internalDateMillis: message.internalDateMillis,
                size: UInt64(message.bytes.count), in: state, physicalMillis: millis)
            _ = try state.apply(operation)
            contents[id] = message
        }
        let view = state.view
        messages = view.messages.enumerated().map { index, message in
            QueryMessage(sequenceNumber: UInt32(index + 1), message: message, isRecent: recent.contains(index + 1))
        }
        source = MemorySource(contents: contents, chunkSize: chunkSize, holdsHeaders: holdsHeaders)
    }

    func context(limiter: BodyReadLimiter = BodyReadLimiter(maxConcurrentReads: 4), user: String = "alice")
        -> QueryContext
    {
        QueryContext(source: source, limiter: limiter, user: user, timeZone: .utc)
    }
}

/// Serves stored messages from memory in chunks and counts what was read.
final class MemorySource: MessageContentSource, @unchecked Sendable {
    private let contents: [MessageID: StoredMessage]
    private let chunkSize: Int
    private let holdsHeaders: Bool
    private let lock = QueryTestLock()
    private var _bodyReads = 0
    private var _bytesRead = 0
    private var _failAfter: Int?

    init(contents: [MessageID: StoredMessage], chunkSize: Int, holdsHeaders: Bool = false) {
        self.contents = contents
        self.chunkSize = chunkSize
        self.holdsHeaders = holdsHeaders
    }

    func heldBytes(of message: MailboxView.Message, range: Range<Int>) -> ByteBuffer? {
        guard holdsHeaders, let stored = contents[message.messageID], range.lowerBound >= 0,
            range.upperBound <= stored.structure.root.headerSize
        else { return nil }
        return ByteBuffer(bytes: stored.bytes[range])
    }

    var bodyReads: Int { lock.withLock { _bodyReads } }
    var bytesRead: Int { lock.withLock { _bytesRead } }
    /// Fail every read once this many bytes were served.
    func failAfter(bytes: Int?) { lock.withLock { _failAfter = bytes } }

    func structureOf(_ message: MailboxView.Message) -> MessageStructure {
        contents[message.messageID]?.structure ?? MessageStructure(root: MIMEPart(), size: 0)
    }

    func structures(of messages: [MailboxView.Message]) -> MessageStructureStream {
        let pairs = messages.map { ($0, contents[$0.messageID]?.structure ?? MessageStructure(root: MIMEPart(), size: 0)) }
        return MessageStructureStream(QueryTestAsyncArray(elements: pairs))
    }

    func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
        guard let stored = contents[message.messageID] else { throw StorageError(.notFound, "no such message") }
        let bytes = stored.bytes
        let range = range ?? 0..<bytes.count
        lock.withLock { _bodyReads += 1 }
        let chunkSize = self.chunkSize
        return BlobByteStream(makeNext: {
            let position = QueryTestCursor(range.lowerBound)
            return {
                let start = position.value
                guard start < min(range.upperBound, bytes.count) else { return nil }
                let end = min(start + chunkSize, range.upperBound, bytes.count)
                position.value = end
                let failing: Bool = self.lock.withLock {
                    self._bytesRead += end - start
                    return self._failAfter.map { self._bytesRead > $0 } ?? false
                }
                if failing { throw StorageError(.unavailable, "injected failure") }
                return ByteBuffer(bytes: bytes[start..<end])
            }
        })
    }
}

final class QueryTestCursor: @unchecked Sendable {
    var value: Int
    init(_ value: Int) { self.value = value }
}

/// A minimal lock for test doubles (pthread mutex).
final class QueryTestLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

struct QueryTestAsyncArray<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    func makeAsyncIterator() -> Iterator { Iterator(elements: elements) }
    struct Iterator: AsyncIteratorProtocol {
        var elements: [Element]
        var index = 0
        mutating func next() async -> Element? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }
}

/// Collects everything written.
actor RecordingOutbound: IMAPOutbound {
    private(set) var bytes: [UInt8] = []
    private(set) var writes = 0

    func write(_ buffer: ByteBuffer) async throws {
        bytes.append(contentsOf: buffer.readableBytesView)
        writes += 1
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

enum CorpusFile {
    /// A message from Tests/TernMIMETests/Corpus, found from this file's real path (the test folder may
    /// be reached through a symlink).
    static func load(_ name: String) throws -> [UInt8] {
        let file = path(name)
        guard let handle = fopen(file, "rb") else { throw StorageError(.notFound, "cannot open \(file)") }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    static func path(_ name: String) -> String {
        let filePath = #filePath
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let path: String
        if realpath(filePath, &resolved) != nil {
            let length = resolved.firstIndex(of: 0) ?? resolved.count
            path = String(decoding: resolved[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } else {
            path = filePath
        }
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)  // Support/QueryFixtures.swift, Query, TernIMAPServerTests
        return components.joined(separator: "/") + "/TernMIMETests/Corpus/" + name
    }
}
