import Foundation
import NIOCore
import TernStorage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Crash safety of file://: a writer process (tern-storage-crash-writer) is SIGKILLed at random points,
/// again and again on the same store; after each kill the store opens and every write the writer had
/// acknowledged is there, byte for byte. Overwrites of a key leave either the acknowledged value or
/// the one being written, never a mix.
///
/// TERN_CRASH_SEED and TERN_CRASH_ROUNDS replay or lengthen a run; TERN_CRASH_WRITER names the binary.
@Suite("Crash safety of file://")
struct CrashSafetyTests {
    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["TERN_CRASH_SEED"].flatMap(UInt64.init) ?? 0x7E42_2026
        let rounds = environment["TERN_CRASH_ROUNDS"].flatMap(Int.init) ?? 50
        let writer = try #require(
            CrashWriter.locate(),
            "tern-storage-crash-writer not found; build it or set TERN_CRASH_WRITER"
        )
        let directory = try TemporaryDirectory(prefix: "tern-crash")
        defer { directory.remove() }
        let storePath = directory.path + "/store"
        var random = SeededRandom(seed: seed)
        var ledger = CrashLedger()

        for round in 0..<rounds {
            let acksBeforeKill = Int(random.next() % 25)
            let extraMicroseconds = UInt32(random.next() % 20_000)
            let lines = try await CrashWriter.runAndKill(
                executable: writer,
                storePath: storePath,
                seed: seed &+ UInt64(round),
                killAfterAcks: acksBeforeKill,
                extraMicroseconds: extraMicroseconds
            )
            let context = "seed \(seed) round \(round) (kill after \(acksBeforeKill) acks + \(extraMicroseconds) µs)"
            #expect(lines.first == "ready", "\(context): writer did not start: \(lines.prefix(3))")
            let newAcks = ledger.record(lines)

            let store = try await FileStore.open(path: storePath, runtime: testStorageRuntime)
            for ack in newAcks { await ledger.verify(ack, in: store, context: context) }
            for hot in ledger.hotKeys { await ledger.verifyHot(hot, in: store, context: context) }
        }
        // Finally every acknowledged write of every round, once more.
        let store = try await FileStore.open(path: storePath, runtime: testStorageRuntime)
        for ack in ledger.all { await ledger.verify(ack, in: store, context: "seed \(seed), final pass") }
        #expect(ledger.all.count >= rounds, "seed \(seed): too few acknowledged writes to mean anything")
        print("crash safety: seed \(seed), \(rounds) kills, \(ledger.all.count) acknowledged writes verified")
    }
}

/// What the writer acknowledged, and what it was about to overwrite hot keys with.
struct CrashLedger {
    enum Ack: Hashable {
        case blob(key: String, size: Int, hash: String)
        case row(partition: String, sort: String, size: Int, hash: String)
    }

    private(set) var all: [Ack] = []
    /// Per hot key: the contents it may hold (last acknowledged, then any begun since), as (size, hash).
    private var hot: [String: [(Int, String)]] = [:]
    private var hotAcked: [String: (Int, String)] = [:]

    var hotKeys: [String] { hot.keys.sorted() }

    /// Adds a run's output; returns the acks of plain (non-hot) writes, to verify now.
    mutating func record(_ lines: [String]) -> [Ack] {
        var fresh: [Ack] = []
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            switch (fields.first, fields.count) {
            case ("intent", 5):
                guard let size = Int(fields[3]) else { continue }
                hot[fields[2], default: []].append((size, fields[4]))
            case ("ack", 5) where fields[1] == "blob":
                guard let size = Int(fields[3]) else { continue }
                if fields[2].hasPrefix("hot/") {
                    hotAcked[fields[2]] = (size, fields[4])
                    hot[fields[2]] = [(size, fields[4])]
                } else {
                    let ack = Ack.blob(key: fields[2], size: size, hash: fields[4])
                    all.append(ack)
                    fresh.append(ack)
                }
            case ("ack", 6) where fields[1] == "row":
                guard let size = Int(fields[4]) else { continue }
                let ack = Ack.row(partition: fields[2], sort: fields[3], size: size, hash: fields[5])
                all.append(ack)
                fresh.append(ack)
            default:
                continue
            }
        }
        return fresh
    }

    func verify(_ ack: Ack, in store: FileStore, context: String) async {
        do {
            try await check(ack, in: store, context: context)
        } catch {
            Issue.record("\(context): acknowledged \(ack) unreadable: \(error)")
        }
    }

    private func check(_ ack: Ack, in store: FileStore, context: String) async throws {
        switch ack {
        case .blob(let key, let size, let hash):
            let bytes = try await store.readAll(key)
            #expect(bytes.count == size && fnv1a(bytes) == hash, "\(context): blob \(key) damaged or lost")
        case .row(let partition, let sort, let size, let hash):
            let value = try await store.get(partition: partition, sort: sort)
            let bytes = value.map { Array($0.readableBytesView) }
            #expect(
                bytes?.count == size && bytes.map(fnv1a) == hash,
                "\(context): row \(partition) \(sort) damaged or lost"
            )
        }
    }

    func verifyHot(_ key: String, in store: FileStore, context: String) async {
        do {
            try await checkHot(key, in: store, context: context)
        } catch {
            Issue.record("\(context): hot blob \(key) unreadable: \(error)")
        }
    }

    private func checkHot(_ key: String, in store: FileStore, context: String) async throws {
        let allowed = hot[key] ?? []
        guard let info = try await store.head(key) else {
            // Never acknowledged yet: absence is allowed.
            #expect(hotAcked[key] == nil, "\(context): acknowledged hot blob \(key) lost")
            return
        }
        let bytes = try await store.readAll(key)
        #expect(bytes.count == info.size)
        let found = (bytes.count, fnv1a(bytes))
        // The acknowledged value, or a later one that was being written when the writer died, whole.
        #expect(allowed.contains { $0 == found }, "\(context): hot blob \(key) holds content nobody wrote whole")
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

/// Finds, starts, reads and kills the writer process.
enum CrashWriter {
    static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TERN_CRASH_WRITER"] { return path }
        // The test runner lives in .build/<config>/ next to the package's executables.
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tern-storage-crash-writer").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Starts the writer, waits for `killAfterAcks` acknowledgements plus a little, SIGKILLs it, and
    /// returns every line it printed (including those still in the pipe at the kill).
    static func runAndKill(
        executable: String,
        storePath: String,
        seed: UInt64,
        killAfterAcks: Int,
        extraMicroseconds: UInt32
    ) async throws -> [String] {
        try await withCheckedThrowingContinuation { continuation in
            // Blocking pipe reads and waits run on their own thread, not on the cooperative pool.
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try runAndKillBlocking(
                            executable: executable,
                            storePath: storePath,
                            seed: seed,
                            killAfterAcks: killAfterAcks,
                            extraMicroseconds: extraMicroseconds
                        )
                    }
                )
            }
            thread.start()
        }
    }

    private static func runAndKillBlocking(
        executable: String,
        storePath: String,
        seed: UInt64,
        killAfterAcks: Int,
        extraMicroseconds: UInt32
    ) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [storePath, String(seed)]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = stdout.fileHandleForReading

        var text = ""
        var acks = 0
        var killed = false
        while true {
            let data = reader.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            acks = text.split(separator: "\n").filter { $0.hasPrefix("ack ") }.count
            if !killed && acks >= killAfterAcks && text.contains("ready\n") {
                usleep(extraMicroseconds)
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        if !killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // Only complete lines count: a line cut by the kill was never fully acknowledged.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        return lines
    }
}
