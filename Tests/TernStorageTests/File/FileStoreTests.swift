import Foundation
import NIOCore
import TernStorage
import Testing

/// Behaviour specific to the file:// backend (the shared contract is in Conformance/).
@Suite("FileStore")
struct FileStoreTests {
    @Test func reopenedStoreHasEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/store"
        do {
            let store = try await FileStore.open(path: path, runtime: testStorageRuntime)
            try await store.put("msg/1", bytes: ByteBuffer(string: "body"))
            try await store.put(partition: "mbox/1/log", sort: "01", value: ByteBuffer(string: "op"))
        }
        let reopened = try await FileStore.open(path: path + "/", runtime: testStorageRuntime)
        #expect(try await reopened.readAll("msg/1") == Array("body".utf8))
        #expect(try await reopened.get(partition: "mbox/1/log", sort: "01") == ByteBuffer(string: "op"))
    }

    @Test func refusesForeignDirectories() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: directory.path + "/notes.txt"))
        await #expect { try await FileStore.open(path: directory.path, runtime: testStorageRuntime) } throws: { error in
            (error as? StorageError)?.code == .invalidConfiguration
        }

        let other = directory.path + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("some-other-format 9\n".utf8).write(to: URL(fileURLWithPath: other + "/FORMAT"))
        await #expect { try await FileStore.open(path: other, runtime: testStorageRuntime) } throws: { error in
            (error as? StorageError)?.code == .invalidConfiguration
        }
        await #expect { try await FileStore.open(path: "relative/path", runtime: testStorageRuntime) } throws: { error in
            (error as? StorageError)?.code == .invalidConfiguration
        }
    }

    /// Keys like `../x` are data: everything the store writes stays inside its directory.
    @Test func keysNeverEscapeTheStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        for key in BlobChecks.oddKeys + ["../../../../../../tmp/escaped", "..%2f..%2fx"] {
            try await store.put(key, bytes: ByteBuffer(string: key))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["store"])
        let root = try #require(FileManager.default.enumerator(atPath: directory.path + "/store"))
        for case let relative as String in root {
            let top = relative.split(separator: "/").first.map(String.init) ?? ""
            #expect(
                ["blobs", "tmp", "FORMAT", "rows.sqlite", "rows.sqlite-wal", "rows.sqlite-shm"].contains(top),
                "\(relative)"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped"))
    }

    @Test func deletePrunesEmptyDirectories() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        try await store.put("a/b/c/d", bytes: ByteBuffer(string: "x"))
        try await store.put("a/keep", bytes: ByteBuffer(string: "y"))
        try await store.delete("a/b/c/d")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/store/blobs/da") == ["fkeep"])
        try await store.delete("a/keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/store/blobs").isEmpty)
        // And the directories come back when needed.
        try await store.put("a/b/c/d", bytes: ByteBuffer(string: "z"))
        #expect(try await store.readAll("a/b/c/d") == Array("z".utf8))
    }

    /// Blobs are never modified in place: an open read keeps its bytes while the key is replaced or deleted.
    @Test func readersKeepTheirSnapshot() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        var random = SeededRandom(seed: 9)
        let original = random.bytes(300_000)
        try await store.put("snap", bytes: ByteBuffer(bytes: original))
        let replacedRead = try await store.get("snap")
        let deletedRead = try await store.get("snap")
        try await store.put("snap", bytes: ByteBuffer(string: "replacement"))
        var replacedBytes: [UInt8] = []
        for try await chunk in replacedRead.body { replacedBytes.append(contentsOf: chunk.readableBytesView) }
        try await store.delete("snap")
        var deletedBytes: [UInt8] = []
        for try await chunk in deletedRead.body { deletedBytes.append(contentsOf: chunk.readableBytesView) }
        #expect(replacedBytes == original)
        #expect(deletedBytes == original)
    }

    /// Memory per read is one chunk (64 KiB first, read with the open, then 256 KiB), whatever the
    /// blob size; a sliver under 4 KiB left at the end comes with the chunk before it.
    @Test func readsArriveInBoundedChunks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        let size = 5 * 1024 * 1024 + 3
        try await store.put(
            "big",
            body: AsyncChunks([ByteBuffer(repeating: 7, count: size)]),
            length: size,
            condition: .none
        )
        var sizes: [Int] = []
        let delivered = try await store.read("big", range: try BlobRange(offset: 1)) { chunk in
            sizes.append(chunk.readableBytes)
        }
        #expect(delivered == size - 1)
        #expect(sizes.first == 64 * 1024)
        #expect(sizes.max() == 256 * 1024)
        #expect(sizes.dropFirst().dropLast().allSatisfy { $0 == 256 * 1024 })
    }

    /// A body opened ahead holds its first chunk until it is sent: a small blob's first chunk sits in a
    /// buffer of its own size (rounded up to a power of two), not in the 64 KiB one it was read into;
    /// one within a sliver of 64 KiB comes whole in one read.
    @Test func firstChunksHoldWhatTheyCarry() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        for size in [3_000, 30_000, 69_000] {
            try await store.put(
                "blob-\(size)", body: AsyncChunks([ByteBuffer(repeating: 7, count: size)]), length: size,
                condition: .none)
        }
        for (size, range) in [(3_000, nil), (30_000, try BlobRange(offset: 0, length: 65_564)), (69_000, nil)] {
            var iterator = try await store.get("blob-\(size)", range: range).body.makeAsyncIterator()
            let first = try #require(try await iterator.next())
            #expect(first.readableBytes == size)
            #expect(first.capacity < 2 * size)
            #expect(try await iterator.next() == nil)
        }
    }

    @Test func failedWritesLeaveNoTempFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        _ = try? await store.put(
            "x",
            body: FailingBody(before: [ByteBuffer(repeating: 1, count: 1000)]),
            length: 5000,
            condition: .none
        )
        _ = try? await store.put(
            "y",
            body: AsyncChunks([ByteBuffer(repeating: 1, count: 10)]),
            length: 5,
            condition: .none
        )
        try await store.put("z", bytes: ByteBuffer(string: "z"))
        _ = try? await store.put("z", bytes: ByteBuffer(string: "again"), condition: .ifAbsent)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/store/tmp").isEmpty)
    }

    @Test func staleTempFilesAreSweptAtOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/store"
        _ = try await FileStore.open(path: path, runtime: testStorageRuntime)
        let old = path + "/tmp/dead-writer.tmp"
        let young = path + "/tmp/live-writer.tmp"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: old))
        try Data([4, 5, 6]).write(to: URL(fileURLWithPath: young))
        let longAgo = Date(timeIntervalSinceNow: -Double(FileStore.staleTempSeconds) - 60)
        try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: old)
        _ = try await FileStore.open(path: path, runtime: testStorageRuntime)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: young))
    }

    @Test func listingSkipsForeignFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        try await store.put("k", bytes: ByteBuffer(string: "v"))
        try Data([0]).write(to: URL(fileURLWithPath: directory.path + "/store/blobs/.DS_Store"))
        try Data([0]).write(to: URL(fileURLWithPath: directory.path + "/store/blobs/fBAD"))
        #expect(try await listAll(store, prefix: "") == ["k"])
    }
}

@Suite("FileStore watch sharing")
struct FileStoreWatchSharingTests {
    /// Two FileStores on one directory in one process (e.g. IMAP and LMTP services) share a watch.
    @Test func storesOnOneDirectoryShareTheWatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reader = try await FileStore.open(path: directory.path + "/store", runtime: testStorageRuntime)
        let writer = try await FileStore.open(path: directory.path + "/./store/", runtime: testStorageRuntime)
        #expect(reader.watchHub === writer.watchHub)
        let waiter = Task { try await reader.waitForChange(partition: "mbox/1/log", after: nil) }
        try await waitUntil("the waiter registers") { reader.watchHub.waiterCount(partition: "mbox/1/log") == 1 }
        try await writer.put(partition: "mbox/1/log", sort: "1", value: ByteBuffer(string: "delivered"))
        try await withHangGuard(seconds: 60, "cross-instance wake-up") { try await waiter.value }

        let elsewhere = try TemporaryDirectory()
        defer { elsewhere.remove() }
        let other = try await FileStore.open(path: elsewhere.path, runtime: testStorageRuntime)
        #expect(other.watchHub !== reader.watchHub)
    }
}
