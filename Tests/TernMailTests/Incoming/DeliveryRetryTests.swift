import NIOConcurrencyHelpers
import NIOCore
import TernCrypto
import TernStorage
import Testing

@testable import TernMail

/// Postfix retries a recipient whose 250 it never read (the process died after the queue row was durable, or the
/// connection dropped). The same bytes for the same user within the window are one message: never a second copy
/// of one that got through, never a loss, whatever write a crash interrupts.
@Suite struct DeliveryRetryTests {
    static let window: UInt64 = 5 * 24 * 3600 * 1000
    /// A message of three parts (parts of 4 KiB).
    static let message = sampleMessage(1, body: String(repeating: "retried delivery body line\r\n", count: 400))

    final class Clock: Sendable {
        private let millis = NIOLockedValueBox<UInt64>(1_800_000_000_000)
        var now: @Sendable () -> UInt64 { { self.millis.withLockedValue { $0 } } }
        func advance(_ by: UInt64) { millis.withLockedValue { $0 += by } }
    }

    private func service(_ store: any BlobStore & RowStore, slot: UInt8, clock: Clock? = nil) throws -> MailService {
        var configuration = try MailServiceConfiguration(
            deploymentSecret: testSecret, writerSlot: slot, kdf: .testing, incomingPartBytes: 4096)
        configuration.deliveryRetryWindowMillis = Self.window
        return MailService(
            rows: store, blobs: store, configuration: configuration, physicalMillis: clock?.now ?? MailService.wallClock)
    }

    private func deliver(_ service: MailService, _ text: String = message, to login: String = "alice") async throws
        -> DeliveryReceipt
    {
        try await service.deliver(to: login, message: chunks(text, size: 1000))
    }

    /// Imports the queue with a fresh frontend and returns INBOX's bodies.
    private func importedBodies(_ store: any BlobStore & RowStore, login: String = "alice") async throws -> [String] {
        let service = try service(store, slot: 9)
        let account = try await service.openAccount(login: login, password: "pw")
        _ = try await account.importIncoming()
        let inbox = try await account.mailbox(named: "INBOX")
        var bodies: [String] = []
        for message in try await inbox.sync().messages {
            bodies.append(try await collect(inbox.body(of: message, range: nil)))
        }
        await service.release(account)
        return bodies
    }

    /// [queue rows, queue parts] of alice.
    private func incomingLeft(_ store: any BlobStore & RowStore) async throws -> [Int] {
        let layout = try service(store, slot: 8).layout(for: "alice")
        let rows = try await store.listKeys(partition: layout.incomingPartition, after: nil, limit: 1000).keys.count
        let parts = try await store.list(prefix: layout.incomingPrefix, startAfter: nil, limit: 1000).entries.count
        return [rows, parts]
    }

    private func newStore() async throws -> MemoryStore {
        let store = MemoryStore()
        try await service(store, slot: 7).createUser(login: "alice", password: "pw")
        return store
    }

    @Test func retryWhileQueuedAnswersWithTheQueuedCopy() async throws {
        let store = try await newStore()
        let delivery = try service(store, slot: 1)
        let first = try await deliver(delivery)
        let retry = try await deliver(delivery)
        #expect(retry.incomingID == first.incomingID)
        #expect(retry.size == first.size)
        #expect(try await incomingLeft(store) == [1, 3], "the retry's parts are gone")
        #expect(try await importedBodies(store) == [Self.message])
    }

    @Test func retryAfterTheImportAddsNothing() async throws {
        let store = try await newStore()
        let first = try await deliver(try service(store, slot: 1))
        #expect(try await importedBodies(store) == [Self.message])
        let retry = try await deliver(try service(store, slot: 2))
        #expect(retry.incomingID == first.incomingID)
        #expect(try await incomingLeft(store) == [0, 0])
        #expect(try await importedBodies(store) == [Self.message])
    }

    @Test func otherBytesOrOtherUsersAreOtherMessages() async throws {
        let store = try await newStore()
        let delivery = try service(store, slot: 1)
        try await delivery.createUser(login: "bob", password: "pw")
        let other = sampleMessage(2)
        _ = try await deliver(delivery)
        _ = try await deliver(delivery, other)
        _ = try await deliver(delivery, to: "bob")
        #expect(try await importedBodies(store).sorted() == [Self.message, other].sorted())
        #expect(try await importedBodies(store, login: "bob") == [Self.message])
    }

    /// One transaction naming alice twice (her login and an alias) stores two copies; its retry stores none.
    @Test func eachCopyOfOneTransactionIsKeptAndRetriedOnItsOwn() async throws {
        let store = try await newStore()
        let delivery = try service(store, slot: 1)
        let targets = [DeliveryTarget(login: "alice"), DeliveryTarget(login: "Alice")]
        let first = await delivery.deliver(to: targets, message: chunks(Self.message, size: 1000))
        let retry = await delivery.deliver(to: targets, message: chunks(Self.message, size: 1000))
        #expect(try first.map { try $0.get().incomingID } == retry.map { try $0.get().incomingID })
        #expect(Set(try first.map { try $0.get().incomingID }).count == 2)
        #expect(try await importedBodies(store) == [Self.message, Self.message])
    }

    @Test func sameBytesAfterTheWindowAreDeliveredAgain() async throws {
        let store = try await newStore()
        let clock = Clock()
        let delivery = try service(store, slot: 1, clock: clock)
        let first = try await deliver(delivery)
        clock.advance(Self.window + 1)
        let later = try await deliver(delivery)
        #expect(later.incomingID != first.incomingID)
        #expect(try await importedBodies(store) == [Self.message, Self.message])
    }

    /// A marker the storage operator altered (or one from another deployment) cannot make a new message look
    /// like a retry: it is ignored and the message is delivered.
    @Test func forgedMarkerDropsNothing() async throws {
        let store = try await newStore()
        let delivery = try service(store, slot: 1)
        let first = try await deliver(delivery)
        #expect(try await importedBodies(store) == [Self.message])
        let partition = try delivery.layout(for: "alice").deliveryMarkerPartition
        let markers = try await store.list(partition: partition, after: nil, limit: 10).rows
        #expect(markers.count == 1)
        var forged = Array(markers[0].value.readableBytesView)
        forged[1] ^= 0x01  // the time
        try await store.put(partition: partition, sort: markers[0].sort, value: ByteBuffer(bytes: forged))
        let second = try await deliver(delivery)
        #expect(second.incomingID != first.incomingID)
        #expect(try await importedBodies(store) == [Self.message, Self.message])
    }

    /// The first attempt dies at each of its writes (parts, marker, queue row), with the write applied or not;
    /// Postfix retries until a 250. INBOX ends with exactly one copy.
    @Test(arguments: [false, true]) func crashDuringDeliveryThenRetry(applied: Bool) async throws {
        var crashAt = 0
        while true {
            let store = try await newStore()
            let crashing = CrashingStore(store, crashAt: crashAt, applied: applied)
            let doomed = try? await deliver(try service(crashing, slot: 1))
            guard crashing.crashed else {
                #expect(doomed != nil)
                #expect(crashAt == 5, "three parts, the marker and the queue row")
                break
            }
            #expect(doomed == nil)
            _ = try await deliver(try service(store, slot: 2))
            #expect(try await importedBodies(store) == [Self.message], "crash at write \(crashAt), applied: \(applied)")
            crashAt += 1
        }
    }

    /// The delivery got through; the import dies at each of its writes (message, metadata, log, part and row
    /// deletes); then the retry comes and another frontend imports. INBOX ends with exactly one copy.
    @Test(arguments: [false, true]) func crashDuringImportThenRetry(applied: Bool) async throws {
        var crashAt = 0
        while true {
            let store = try await newStore()
            _ = try await deliver(try service(store, slot: 1))
            let crashing = CrashingStore(store, crashAt: crashAt, applied: applied)
            let doomed = try service(crashing, slot: 3)
            let account = try await doomed.openAccount(login: "alice", password: "pw")
            _ = try? await account.importIncoming()
            let reached = crashing.crashed
            _ = try await deliver(try service(store, slot: 2))
            #expect(try await importedBodies(store) == [Self.message], "crash at write \(crashAt), applied: \(applied)")
            #expect(try await incomingLeft(store) == [0, 0])
            guard reached else { break }
            crashAt += 1
        }
        #expect(crashAt >= 6)
    }

    /// The queue row's write fails (storage answered an error, the process lives on): the marker goes before the
    /// parts, so the retry is delivered rather than taken for an import.
    @Test func failedRowWriteLeavesNoMarkerThatDropsTheRetry() async throws {
        let store = try await newStore()
        let layout = try service(store, slot: 1).layout(for: "alice")
        let failing = FailingRowPutStore(store, partition: layout.incomingPartition)
        await #expect(throws: MailError.self) { _ = try await deliver(try service(failing, slot: 1)) }
        #expect(try await store.list(partition: layout.deliveryMarkerPartition, after: nil, limit: 10).rows.isEmpty)
        #expect(try await incomingLeft(store) == [0, 0])
        _ = try await deliver(try service(store, slot: 2))
        #expect(try await importedBodies(store) == [Self.message])
    }

    /// Markers past the window are swept by an import pass; current ones stay.
    @Test func importSweepsExpiredMarkers() async throws {
        let store = try await newStore()
        let clock = Clock()
        let delivery = try service(store, slot: 1, clock: clock)
        for number in 1...3 { _ = try await deliver(delivery, sampleMessage(number)) }
        clock.advance(Self.window + 1)
        _ = try await deliver(delivery, sampleMessage(4))
        let partition = try delivery.layout(for: "alice").deliveryMarkerPartition
        #expect(try await store.list(partition: partition, after: nil, limit: 10).rows.count == 4)
        let importer = try service(store, slot: 5, clock: clock)
        let account = try await importer.openAccount(login: "alice", password: "pw")
        #expect(try await account.importIncoming() == 4)
        await importer.release(account)
        let left = try await store.list(partition: partition, after: nil, limit: 10).rows
        #expect(left.count == 1)
    }

    @Test func deletingTheUserDeletesItsMarkers() async throws {
        let store = try await newStore()
        let delivery = try service(store, slot: 1)
        _ = try await deliver(delivery)
        let partition = try delivery.layout(for: "alice").deliveryMarkerPartition
        try await delivery.deleteUser(login: "alice")
        #expect(try await store.list(partition: partition, after: nil, limit: 10).rows.isEmpty)
    }
}

/// Fails every row put to one partition (storage answering an error); everything else reaches the base store.
final class FailingRowPutStore: ForwardingStore, Sendable {
    struct Refused: Error {}
    let base: any BlobStore & RowStore
    var forwardee: any BlobStore & RowStore { base }
    let partition: String

    init(_ base: any BlobStore & RowStore, partition: String) {
        self.base = base
        self.partition = partition
    }

    func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        guard partition != self.partition else { throw Refused() }
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }
}
