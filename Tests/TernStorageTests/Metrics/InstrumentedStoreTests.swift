import MetricsTestKit
import NIOCore
import TernStorage
import Testing

/// The storage decorators count each operation under its store, operation and result, with a latency, and the
/// bytes moved; what the base store answers passes through unchanged.
@Suite struct InstrumentedStoreTests {
    static func count(_ metrics: TestMetrics, _ store: String, _ operation: String, _ result: String) -> Int64 {
        metrics.counterTotal(
            label: "tern_storage_operations_total",
            dimensions: [("store", store), ("operation", operation), ("result", result)])
    }

    static func timings(_ metrics: TestMetrics, _ store: String, _ operation: String, _ result: String) -> Int {
        metrics.timers.filter { timer in
            timer.label == "tern_storage_operation_duration_seconds"
                && timer.dimensions.elementsEqual([("store", store), ("operation", operation), ("result", result)]) {
                    $0 == $1
                }
        }.reduce(0) { $0 + $1.values.count }
    }

    @Test func rowOperationsAreCounted() async throws {
        let metrics = TestMetrics()
        let rows = InstrumentedRowStore(MemoryStore(), metrics: StorageMetrics(factory: metrics))
        try await rows.put(partition: "p", sort: "a", value: ByteBuffer(string: "12345"))
        #expect(try await rows.get(partition: "p", sort: "a") == ByteBuffer(string: "12345"))
        #expect(try await rows.get(partition: "p", sort: "missing") == nil)
        let error = await #expect(throws: StorageError.self) {
            try await rows.put(partition: "p", sort: "a", value: ByteBuffer(string: "x"), condition: .ifAbsent)
        }
        #expect(error?.code == .alreadyExists)
        #expect(try await rows.list(partition: "p", after: nil, limit: 10).rows.count == 1)

        #expect(Self.count(metrics, "rows", "put", "ok") == 1)
        #expect(Self.count(metrics, "rows", "put", "conflict") == 1)
        #expect(Self.count(metrics, "rows", "get", "ok") == 1)
        #expect(Self.count(metrics, "rows", "get", "not_found") == 1)
        #expect(Self.count(metrics, "rows", "list", "ok") == 1)
        #expect(Self.timings(metrics, "rows", "put", "ok") == 1)
        #expect(Self.timings(metrics, "rows", "get", "not_found") == 1)
        #expect(metrics.counterTotal(label: "tern_storage_written_bytes_total", dimensions: [("store", "rows")]) == 5)
        // One get and one list, each carrying the 5-byte row.
        #expect(metrics.counterTotal(label: "tern_storage_read_bytes_total", dimensions: [("store", "rows")]) == 10)
    }

    @Test func blobBytesAreCountedAsTheReaderTakesThem() async throws {
        let metrics = TestMetrics()
        let blobs = InstrumentedBlobStore(MemoryStore(chunkSize: 4), metrics: StorageMetrics(factory: metrics))
        try await blobs.put("k", bytes: ByteBuffer(string: "0123456789"))
        #expect(metrics.counterTotal(label: "tern_storage_written_bytes_total", dimensions: [("store", "blobs")]) == 10)
        let read = try await blobs.get("k", range: nil)
        #expect(Self.count(metrics, "blobs", "get", "ok") == 1)
        #expect(metrics.counterTotal(label: "tern_storage_read_bytes_total", dimensions: [("store", "blobs")]) == 0)
        #expect(try await read.body.collect(upTo: 100) == ByteBuffer(string: "0123456789"))
        #expect(metrics.counterTotal(label: "tern_storage_read_bytes_total", dimensions: [("store", "blobs")]) == 10)
        #expect(try await blobs.head("missing") == nil)
        #expect(Self.count(metrics, "blobs", "head", "not_found") == 1)
        await #expect(throws: StorageError.self) { _ = try await blobs.get("missing", range: nil) }
        #expect(Self.count(metrics, "blobs", "get", "not_found") == 1)
        #expect(Self.timings(metrics, "blobs", "put", "ok") == 1)
    }
}
