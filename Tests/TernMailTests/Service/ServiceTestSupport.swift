import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TernCrypto
import TernMIME
import TernMail
import TernStorage
import Testing

/// Backends the service tests run on; S3 (moto) only when TERN_TEST_S3_MOTO is set.
enum ServiceBackend: String, Sendable, CustomTestStringConvertible {
    case memory
    case file
    case s3

    var testDescription: String { rawValue }

    static let motoURL = ProcessInfo.processInfo.environment["TERN_TEST_S3_MOTO"]

    /// memory and file always; s3 when moto runs (and, under CI, a missing moto fails the s3 case).
    static var available: [ServiceBackend] {
        motoURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? [.memory, .file, .s3] : [.memory, .file]
    }
}

/// One store (rows and blobs) of a backend; `close` removes what the test wrote.
struct ServiceStore: Sendable {
    let store: any BlobStore & RowStore
    let directory: String?
    let s3: S3Store?

    static func open(_ backend: ServiceBackend) async throws -> ServiceStore {
        switch backend {
        case .memory:
            return ServiceStore(store: MemoryStore(), directory: nil, s3: nil)
        case .file:
            let path = NSTemporaryDirectory() + "tern-mailservice-\(UInt64.random(in: 0...UInt64.max))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return ServiceStore(
                store: try await FileStore.open(path: path, runtime: testStorageRuntime), directory: path, s3: nil)
        case .s3:
            let url = try #require(ServiceBackend.motoURL, "TERN_TEST_S3_MOTO is not set: run scripts/services/moto.sh start DIR")
            let s3 = try await S3Store.openForTesting(
                serviceURL: url, keyPrefix: "mailservice-\(UInt64.random(in: 0...UInt64.max))",
                runtime: testStorageRuntime)
            return ServiceStore(store: s3, directory: nil, s3: s3)
        }
    }

    func close() async {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        if let s3 { try? await s3.deleteEverything() }
    }

    /// Every blob key in the store.
    func blobKeys(prefix: String = "") async throws -> [String] {
        var keys: [String] = []
        var after: String?
        repeat {
            let page = try await store.list(prefix: prefix, startAfter: after, limit: 1000)
            keys += page.entries.map(\.key)
            after = page.nextStartAfter
        } while after != nil
        return keys
    }
}

let testSecret = Array("tern-test-deployment-secret-0123".utf8)

func makeService(
    _ store: any BlobStore & RowStore, slot: UInt8 = 0, quota: UInt64? = nil, packThreshold: Int = 256,
    maxMessageBytes: Int = 8 * 1024 * 1024, incomingPartBytes: Int = 64 * 1024,
    clock: (@Sendable () -> UInt64)? = nil, retireGraceMillis: UInt64? = nil
) throws -> MailService {
    var configuration = try MailServiceConfiguration(
        deploymentSecret: testSecret, writerSlot: slot, kdf: .testing, quotaBytes: quota,
        maxMessageBytes: maxMessageBytes, packThreshold: packThreshold, incomingPartBytes: incomingPartBytes)
    if let retireGraceMillis { configuration.retireGraceMillis = retireGraceMillis }
    return MailService(
        rows: store, blobs: store, configuration: configuration, physicalMillis: clock ?? MailService.wallClock)
}

/// A small RFC 5322 message, numbered.
func sampleMessage(_ number: Int, body: String = "Hello there.") -> String {
    "From: Sender \(number) <sender\(number)@example.org>\r\nTo: alice@example.org\r\n"
        + "Subject: Message \(number)\r\nMessage-ID: <m\(number)@example.org>\r\n\r\n\(body)\r\n"
}

/// The message as a stream of small chunks (to exercise streaming).
func chunks(_ text: String, size: Int = 7) -> SyncChunks {
    let bytes = Array(text.utf8)
    return SyncChunks(buffers: stride(from: 0, to: bytes.count, by: size).map {
        ByteBuffer(bytes: bytes[$0..<min($0 + size, bytes.count)])
    })
}

struct SyncChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffers: buffers) }
    struct AsyncIterator: AsyncIteratorProtocol {
        var buffers: [ByteBuffer]
        var index = 0
        mutating func next() async throws -> ByteBuffer? {
            guard index < buffers.count else { return nil }
            defer { index += 1 }
            return buffers[index]
        }
    }
}

@discardableResult
func append(_ text: String, to mailbox: Mailbox, flags: [String] = []) async throws(MailError) -> AppendResult {
    try await mailbox.append(chunks(text), size: text.utf8.count, flags: flags, internalDateMillis: 1_700_000_000_000)
}

func collect(_ stream: BlobByteStream) async throws -> String {
    var bytes: [UInt8] = []
    for try await chunk in stream { bytes += Array(chunk.readableBytesView) }
    return String(decoding: bytes, as: UTF8.self)
}

/// Counts reads (get, list, head) that reach the wrapped store.
final class CountingStore: ForwardingStore, Sendable {
    let base: any BlobStore & RowStore
    var forwardee: any BlobStore & RowStore { base }
    private let counter = NIOLockedValueBox(0)

    init(_ base: any BlobStore & RowStore) { self.base = base }

    var reads: Int { counter.withLockedValue { $0 } }
    func resetReads() { counter.withLockedValue { $0 = 0 } }
    private func count() { counter.withLockedValue { $0 += 1 } }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        count()
        return try await base.get(key, range: range)
    }
    func head(_ key: String) async throws -> BlobInfo? {
        count()
        return try await base.head(key)
    }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        count()
        return try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }
    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        count()
        return try await base.get(partition: partition, sort: sort)
    }
    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        count()
        return try await base.list(partition: partition, after: after, limit: limit)
    }
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        count()
        return try await base.listKeys(partition: partition, after: after, limit: limit)
    }
}

/// Holds row writes to partitions ending in `suffix` until `parties` of them wait, then lets them
/// all through: the writers built their operations from the same view (a true race). Later
/// writes pass at once.
final class RowGateStore: ForwardingStore, Sendable {
    let base: any BlobStore & RowStore
    var forwardee: any BlobStore & RowStore { base }
    private let suffix: String
    private let parties: Int
    private let gate = NIOLockedValueBox<(waiting: [CheckedContinuation<Void, Never>], open: Bool)>(([], false))

    init(_ base: any BlobStore & RowStore, partitionSuffix: String, parties: Int) {
        self.base = base
        self.suffix = partitionSuffix
        self.parties = parties
    }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        if partition.hasSuffix(suffix) {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let release = gate.withLockedValue { gate -> [CheckedContinuation<Void, Never>] in
                    if gate.open { return [continuation] }
                    gate.waiting.append(continuation)
                    guard gate.waiting.count >= parties else { return [] }
                    gate.open = true
                    defer { gate.waiting = [] }
                    return gate.waiting
                }
                for waiter in release { waiter.resume() }
            }
        }
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }
}
