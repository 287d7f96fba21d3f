import NIOConcurrencyHelpers
import NIOCore
import TernMail
import TernStorage
import Testing

/// The storage requests one APPEND costs once the mailbox is open, and which of them overlap: on
/// S3 every request in series is a round trip (docs/performance.md, "APPEND on S3").
@Suite struct AppendRoundTripTests {
    @Test func oneAppendIsFiveRequestsInFourRounds() async throws {
        let store = RequestLogStore(MemoryStore())
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        for number in 1...3 { try await append(sampleMessage(number), to: inbox) }

        store.reset()
        try await append(sampleMessage(4), to: inbox)
        let requests = store.finished.map(\.label)
        #expect(
            requests.sorted() == ["list log", "list mailboxes", "put log", "put meta", "put msg"],
            "requests of one APPEND: \(requests)")
        // Durability order: the log row that makes the message visible starts after the message
        // and its metadata are stored; the mailbox-list check (a DELETE that won) after the row.
        let events = store.events
        func index(_ event: String) throws -> Int { try #require(events.firstIndex(of: event), "\(event) in \(events)") }
        #expect(try index("end put msg") < index("begin put meta"))
        #expect(try index("end put meta") < index("begin put log"))
        #expect(try index("end list log") < index("begin put log"))
        #expect(try index("end put log") < index("begin list mailboxes"))
    }

    /// The metadata put and the log listing are in flight at once: each waits (up to a generous
    /// deadline) for the other to begin, which only happens when they run concurrently.
    @Test(arguments: ServiceBackend.available)
    func metadataIsStoredWhileTheLogSyncs(backend: ServiceBackend) async throws {
        let opened = try await ServiceStore.open(backend)
        let store = RequestLogStore(opened.store)
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        try await append(sampleMessage(1), to: inbox)

        store.reset()
        store.rendezvous = ("put meta", "list log")
        let result = try await append(sampleMessage(2), to: inbox)
        #expect(result.view.messages.count == 2)
        #expect(store.missedRendezvous == 0, "the metadata put and the log listing ran one after the other")
        await opened.close()
    }

    /// The staged path (every IMAP APPEND, MULTIAPPEND included) keeps the last message's metadata put for
    /// the commit, alongside the log listing; a failed put there writes no log row.
    @Test(arguments: ServiceBackend.available)
    func stagedAppendStoresItsLastMetadataWhileTheLogSyncs(backend: ServiceBackend) async throws {
        let opened = try await ServiceStore.open(backend)
        let store = RequestLogStore(opened.store)
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        try await append(sampleMessage(1), to: inbox)

        func stage(_ numbers: ClosedRange<Int>) async throws -> AppendBatch {
            var batch = AppendBatch()
            for number in numbers {
                let text = sampleMessage(number)
                batch.add(
                    try await inbox.stageAppend(
                        chunks(text), size: text.utf8.count, flags: [], internalDateMillis: 1_700_000_000_000,
                        normalizeLineEndings: false, joining: batch))
            }
            return batch
        }
        store.reset()
        let single = try await stage(2...2)
        #expect(!store.finished.map(\.label).contains("put meta"), "the metadata waits for the commit")
        store.rendezvous = ("put meta", "list log")
        _ = try await inbox.commit(single)
        #expect(store.missedRendezvous == 0, "the metadata put and the log listing ran one after the other")

        store.reset()
        let three = try await stage(3...5)
        #expect(store.finished.map(\.label).filter { $0 == "put meta" }.count == 2)
        store.failing = "put meta"
        await #expect(throws: MailError.self) { _ = try await inbox.commit(three) }
        #expect(!store.finished.map(\.label).contains("put log"))
        store.failing = nil
        #expect(try await inbox.sync().messages.count == 2)
        await opened.close()
    }

    /// A metadata put that fails leaves no log row: the APPEND fails and nothing becomes visible.
    @Test func aFailedMetadataPutWritesNoLogRow() async throws {
        let store = RequestLogStore(MemoryStore())
        let service = try makeService(store)
        try await service.createUser(login: "alice", password: "pw")
        let account = try await service.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        try await append(sampleMessage(1), to: inbox)

        store.reset()
        store.failing = "put meta"
        await #expect(throws: MailError.self) { try await append(sampleMessage(2), to: inbox) }
        #expect(!store.finished.map(\.label).contains("put log"))
        store.failing = nil
        #expect(try await inbox.sync().messages.count == 1)
    }
}

/// Records every request's begin and end (labelled by kind), and can fail one kind or make two
/// kinds wait for each other.
final class RequestLogStore: BlobStore, RowStore, Sendable {
    struct Request: Sendable {
        let label: String
    }

    private struct State {
        var events: [String] = []
        var finished: [Request] = []
        var failing: String?
        var rendezvous: (String, String)?
        var arrived: [String: CheckedContinuation<Bool, Never>] = [:]
        var begun: Set<String> = []
        var missedRendezvous = 0
    }

    let base: any BlobStore & RowStore
    private let state = NIOLockedValueBox(State())
    /// How long one side of the rendezvous waits for the other before giving up (and counting a miss).
    static let rendezvousDeadline: TimeAmount = .seconds(60)

    init(_ base: any BlobStore & RowStore) { self.base = base }

    var events: [String] { state.withLockedValue { $0.events } }
    var finished: [Request] { state.withLockedValue { $0.finished } }
    var missedRendezvous: Int { state.withLockedValue { $0.missedRendezvous } }
    var failing: String? {
        get { state.withLockedValue { $0.failing } }
        set { state.withLockedValue { $0.failing = newValue } }
    }
    var rendezvous: (String, String)? {
        get { state.withLockedValue { $0.rendezvous } }
        set { state.withLockedValue { $0.rendezvous = newValue } }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    static func label(blob key: String, verb: String) -> String {
        if key.contains("/meta/") { return "\(verb) meta" }
        if key.contains("/msg/") { return "\(verb) msg" }
        return "\(verb) blob"
    }

    static func label(partition: String, verb: String) -> String {
        if partition.hasSuffix("/log") { return "\(verb) log" }
        if partition.hasSuffix("/mailboxes") { return "\(verb) mailboxes" }
        return "\(verb) rows"
    }

    private func run<T>(_ label: String, _ body: () async throws -> T) async throws -> T {
        let failing = state.withLockedValue { state -> Bool in
            state.events.append("begin \(label)")
            return state.failing == label
        }
        await meet(label)
        if failing { throw StorageError(.unavailable, "injected failure of \(label)") }
        let result = try await body()
        state.withLockedValue { state in
            state.events.append("end \(label)")
            state.finished.append(Request(label: label))
        }
        return result
    }

    /// When `label` is one side of the rendezvous, waits until the other side has begun.
    private func meet(_ label: String) async {
        let other: String? = state.withLockedValue { state in
            guard let pair = state.rendezvous, pair.0 == label || pair.1 == label else { return nil }
            state.begun.insert(label)
            return pair.0 == label ? pair.1 : pair.0
        }
        guard let other else { return }
        let met = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let resumeOther: CheckedContinuation<Bool, Never>? = state.withLockedValue { state in
                if let waiting = state.arrived.removeValue(forKey: other) {
                    state.rendezvous = nil
                    return waiting
                }
                state.arrived[label] = continuation
                return nil
            }
            if let resumeOther {
                resumeOther.resume(returning: true)
                continuation.resume(returning: true)
            } else {
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(Self.rendezvousDeadline.nanoseconds))
                    let expired = self.state.withLockedValue { $0.arrived.removeValue(forKey: label) }
                    expired?.resume(returning: false)
                }
            }
        }
        if !met { state.withLockedValue { $0.missedRendezvous += 1 } }
    }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await run(Self.label(blob: key, verb: "put")) {
            try await base.put(key, body: body, length: length, condition: condition)
        }
    }
    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try await run(Self.label(blob: key, verb: "get")) { try await base.get(key, range: range) }
    }
    func head(_ key: String) async throws -> BlobInfo? {
        try await run(Self.label(blob: key, verb: "head")) { try await base.head(key) }
    }
    func copy(from source: String, to destination: String) async throws {
        try await run(Self.label(blob: destination, verb: "copy")) { try await base.copy(from: source, to: destination) }
    }
    func delete(_ key: String) async throws {
        try await run(Self.label(blob: key, verb: "delete")) { try await base.delete(key) }
    }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await run("list blobs") { try await base.list(prefix: prefix, startAfter: startAfter, limit: limit) }
    }
    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try await run(Self.label(partition: partition, verb: "put")) {
            try await base.put(partition: partition, sort: sort, value: value, condition: condition)
        }
    }
    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try await run(Self.label(partition: partition, verb: "get")) {
            try await base.get(partition: partition, sort: sort)
        }
    }
    func delete(partition: String, sort: String) async throws {
        try await run(Self.label(partition: partition, verb: "delete")) {
            try await base.delete(partition: partition, sort: sort)
        }
    }
    func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await run(Self.label(partition: partition, verb: "list")) {
            try await base.list(partition: partition, after: after, limit: limit)
        }
    }
    func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await run(Self.label(partition: partition, verb: "list")) {
            try await base.listKeys(partition: partition, after: after, limit: limit)
        }
    }
    func waitForChange(partition: String, after: String?) async throws {
        try await base.waitForChange(partition: partition, after: after)
    }
}
