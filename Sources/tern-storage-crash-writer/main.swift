// A test helper for CrashSafetyTests: writes blobs and rows to a file:// store as fast as it can and
// prints one line per write *after* the store acknowledged it, so that a parent that SIGKILLs this
// process at a random instant knows exactly which writes must have survived.
//
//     tern-storage-crash-writer STORE_PATH SEED
//
// Output lines (flushed one by one):
//     ready
//     intent blob KEY SIZE HASH          (before overwriting a "hot" key: the new content may survive)
//     ack blob KEY SIZE HASH
//     ack row PARTITION SORT SIZE HASH
// HASH is FNV-1a 64 of the content, in hex. Exit status 2 on a usage or storage error.

import NIOCore
import TernStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line with a single unbuffered write(2), so a kill never leaves it half in a stdio buffer.
func emit(_ fd: CInt, _ text: String) {
    let bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        offset += written
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    emit(2, "usage: tern-storage-crash-writer STORE_PATH SEED")
    exit(2)
}

/// SplitMix64, seeded per writer task, so every run writes different content.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

func fnv1a(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}

/// Serialises output lines, so lines from concurrent writer tasks never interleave.
actor Output {
    func line(_ text: String) {
        emit(1, text)
    }
}

let output = Output()
let store: FileStore
do {
    // File-only: the runtime never opens an HTTP client, so it needs no shutdown before the kill.
    store = try await FileStore.open(path: arguments[1], runtime: try StorageRuntime())
} catch {
    emit(2, "open failed: \(error)")
    exit(2)
}
await output.line("ready")

/// One of several concurrent writers. Writer `task` alone overwrites `hot/<task>`, so its acks are ordered.
func runWriter(task: Int) async throws {
    var generator = Generator(state: seed &* 31 &+ UInt64(task))
    var index = 0
    while true {
        index += 1
        switch generator.next() % 6 {
        case 0:
            // A blob spanning several 64 KiB chunks, sent in uneven pieces.
            let bytes = generator.bytes(Int(generator.next() % 300_000))
            let key = "crash/\(seed)/\(task)/\(index)"
            try await store.put(key, body: pieces(bytes, generator: &generator), length: bytes.count, condition: .none)
            await output.line("ack blob \(key) \(bytes.count) \(fnv1a(bytes))")
        case 4:
            // A small blob in a directory of its own (as an LMTP delivery's part): the put creates
            // the directory and syncs it and its parent side by side.
            let bytes = generator.bytes(Int(generator.next() % 8_000))
            let key = "crash/\(seed)/\(task)/dir\(index)/part"
            try await store.put(key, body: pieces(bytes, generator: &generator), length: bytes.count, condition: .none)
            await output.line("ack blob \(key) \(bytes.count) \(fnv1a(bytes))")
        case 5:
            // Several rows in one write (one transaction, shared with other tasks' row writes).
            let partition = "crash/\(seed)/log"
            let rows = (0..<(1 + Int(generator.next() % 3))).map { part in
                (sort: "\(task)-\(index)-\(part)", bytes: generator.bytes(Int(generator.next() % 2_000)))
            }
            try await store.write(rows.map { .put(partition: partition, sort: $0.sort, value: ByteBuffer(bytes: $0.bytes)) })
            for row in rows { await output.line("ack row \(partition) \(row.sort) \(row.bytes.count) \(fnv1a(row.bytes))") }
        case 1:
            let bytes = generator.bytes(Int(generator.next() % 100_000))
            let key = "hot/\(task)"
            await output.line("intent blob \(key) \(bytes.count) \(fnv1a(bytes))")
            try await store.put(key, body: pieces(bytes, generator: &generator), length: bytes.count, condition: .none)
            await output.line("ack blob \(key) \(bytes.count) \(fnv1a(bytes))")
        default:
            let bytes = generator.bytes(Int(generator.next() % 2_000))
            let partition = "crash/\(seed)/log"
            let sort = "\(task)-\(index)"
            try await store.put(partition: partition, sort: sort, value: ByteBuffer(bytes: bytes))
            await output.line("ack row \(partition) \(sort) \(bytes.count) \(fnv1a(bytes))")
        }
    }
}

func pieces(_ bytes: [UInt8], generator: inout Generator) -> SyncPieces {
    var chunks: [ByteBuffer] = []
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + 1 + Int(generator.next() % 90_000))
        chunks.append(ByteBuffer(bytes: bytes[offset..<end]))
        offset = end
    }
    return SyncPieces(chunks: chunks)
}

struct SyncPieces: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]
    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks) }
    struct Iterator: AsyncIteratorProtocol {
        let chunks: [ByteBuffer]
        var index = 0
        mutating func next() async -> ByteBuffer? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
}

do {
    try await withThrowingTaskGroup(of: Void.self) { group in
        // Eight writers: row writes of several tasks wait for each other and share group commits.
        for task in 0..<8 {
            group.addTask { try await runWriter(task: task) }
        }
        try await group.waitForAll()
    }
} catch {
    emit(2, "write failed: \(error)")
    exit(2)
}
