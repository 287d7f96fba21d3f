import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing

@testable import TernStorage

/// Random operations through random faults (seeded; set TERN_TEST_SEED to replay a failure).
/// Whatever happens, a read returns the exact bytes or throws, and every acknowledged write is
/// there, intact, when the faults stop.
@Suite("S3 fault soak")
struct S3FaultSoakTests {
    /// Faults that break a response in a way the client can see. A flipped bit in a *ranged*
    /// read is not among them: S3 gives no checksum for a range, and Tern's sealed chunks (AEAD,
    /// TernCrypto) are what detect it; whole-object reads are checked against the ETag here.
    static func drawFault(_ random: inout SeededRandom, method: HTTPMethod, headers: HTTPHeaders) -> Fault {
        switch random.next() % 20 {
        case 0: return .status(500)
        case 1: return .status(503)
        case 2: return .status(429)
        case 3: return .resetAfterBodyBytes(Int(random.next() % 50_000))
        case 4: return .dropResponse
        case 5: return .delay(.milliseconds(Int(random.next() % 20)))
        case 6 where method == .GET: return .shortenBody(by: 1 + Int(random.next() % 100))
        case 7 where method == .GET && headers.first(name: "range") == nil: return .corruptBody(at: Int(random.next() % 1000))
        default: return .pass
        }
    }

    @Test("random faults never turn into wrong data or lost writes", arguments: S3FaultTests.servers)
    func soak(_ server: S3TestServer) async throws {
        let seed = ProcessInfo.processInfo.environment["TERN_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        var random = SeededRandom(seed: seed)
        let proxyRandom = NIOLockedValueBox(SeededRandom(seed: seed ^ 0x5EED))
        let harness = try await S3FaultTests.harness(server)
        let store = harness.store
        harness.proxy.script.addDrawing { method, headers in
            proxyRandom.withLockedValue { Self.drawFault(&$0, method: method, headers: headers) }
        }

        var acknowledged: [String: [UInt8]] = [:]
        var failures = 0
        for step in 0..<60 {
            let choice = random.next() % 10
            if choice < 4 || acknowledged.isEmpty {
                let key = "k\(step)"
                let bytes = random.bytes(Int(random.next() % 200_000))
                do {
                    try await store.put(key, bytes: ByteBuffer(bytes: bytes))
                    acknowledged[key] = bytes
                } catch is StorageError {
                    failures += 1
                }
            } else if choice < 9 {
                let keys = acknowledged.keys.sorted()
                let key = keys[Int(random.next() % UInt64(keys.count))]
                let expected = acknowledged[key] ?? []
                let ranged = random.next() % 2 == 0 && !expected.isEmpty
                let offset = ranged ? Int(random.next() % UInt64(expected.count)) : 0
                let length = ranged ? Int(random.next() % UInt64(expected.count - offset)) + 1 : expected.count
                do {
                    let bytes = try await S3FaultTests.readAll(store, key, range: ranged ? try BlobRange(offset: offset, length: length) : nil)
                    #expect(bytes == Array(expected[offset..<(offset + length)]), "wrong bytes for \(key), seed \(seed)")
                } catch is StorageError {
                    failures += 1
                }
            } else {
                do {
                    _ = try await store.list(prefix: "k", startAfter: nil, limit: 1000)
                } catch is StorageError {
                    failures += 1
                }
            }
        }
        harness.proxy.script.removeAllRules()
        for (key, bytes) in acknowledged {
            #expect(try await S3FaultTests.readAll(harness.direct, key) == bytes, "acknowledged write \(key) lost or damaged, seed \(seed)")
        }
        let faults = harness.proxy.script.log.filter { $0.fault != .pass }.count
        #expect(faults > 0, "seed \(seed) drew no faults")
        print("S3 fault soak on \(server.rawValue): seed \(seed), \(faults) faults injected, \(failures) operations failed cleanly, \(acknowledged.count) writes verified")
        try await harness.stop()
    }
}
