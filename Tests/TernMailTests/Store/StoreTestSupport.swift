import Foundation
import Testing
import NIOConcurrencyHelpers
import TernCrypto
import TernMail
import TernStorage

/// Wall-clock milliseconds for tests: starts at a fixed instant and advances `step` per reading,
/// optionally `offset` behind or ahead (a frontend whose clock is skewed).
final class TestClock: Sendable {
    private let now = NIOLockedValueBox<UInt64>(1_800_000_000_000)
    let step: UInt64

    init(step: UInt64 = 3) { self.step = step }

    func reader(offset: Int64 = 0) -> @Sendable () -> UInt64 {
        { [self] in
            let value = now.withLockedValue { now in
                now += step
                return now
            }
            return UInt64(Int64(value) + offset)
        }
    }
}

/// The two backends the store tests run on.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case file

    var testDescription: String { rawValue }
}

/// A store of one backend, with the directory the file backend writes to (removed by `close`).
struct OpenedTestStore {
    let rows: any RowStore
    let directory: String?

    static func open(_ backend: TestBackend) async throws -> OpenedTestStore {
        switch backend {
        case .memory:
            return OpenedTestStore(rows: MemoryStore(), directory: nil)
        case .file:
            let path = NSTemporaryDirectory() + "tern-mailstore-\(UInt64.random(in: 0...UInt64.max))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return OpenedTestStore(rows: try await FileStore.open(path: path, runtime: testStorageRuntime), directory: path)
        }
    }

    func close() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

func makeLogStore(
    rows: any RowStore,
    keys: UserKeys,
    mailboxID: String,
    writerID: UInt64,
    slot: UInt8,
    clock: @escaping @Sendable () -> UInt64,
    configuration: MailboxLogStoreConfiguration? = nil
) throws -> MailboxLogStore {
    MailboxLogStore(
        rows: rows, keys: keys, mailboxID: mailboxID, writer: try Writer(id: writerID, slot: slot),
        uidValidityBase: 1000, configuration: try configuration ?? MailboxLogStoreConfiguration(), physicalMillis: clock
    )
}

