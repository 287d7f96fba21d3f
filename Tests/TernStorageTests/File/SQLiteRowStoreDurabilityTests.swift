import Testing

@testable import TernStorage

/// The file store's rows are durable at commit: its writer connection runs `synchronous = FULL` (GRDB's pool
/// sets NORMAL in WAL mode, which fsyncs only at checkpoints; a crash of the machine could lose acknowledged rows).
@Suite struct SQLiteRowStoreDurabilityTests {
    @Test func theWriterFsyncsEveryCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        #expect(try await store.rows.writerSynchronousSetting() == 2, "PRAGMA synchronous of the writer (2 = FULL)")
        // Still FULL after writes (and after reopening the store).
        try await store.put(partition: "p", sort: "1", value: .init(string: "v"))
        #expect(try await store.rows.writerSynchronousSetting() == 2)
        let reopened = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        #expect(try await reopened.rows.writerSynchronousSetting() == 2)
    }
}
