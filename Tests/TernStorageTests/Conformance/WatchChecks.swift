import NIOCore
import TernStorage
import Testing

/// `waitForChange`: level-triggered wake-ups, many waiters on one watch, isolation, cancellation.
enum WatchChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("watch returns at once when a later row exists", immediate),
        ConformanceCheck("watch wakes after a put past its key", wakesAfterPut),
        ConformanceCheck("many waiters share one watch", manyWaiters),
        ConformanceCheck("watch ignores other partitions", isolation),
        ConformanceCheck("watch cancellation", cancellation),
    ]

    static func immediate(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        try await rows.put(partition: "w/imm", sort: "0005", value: ByteBuffer(string: "x"))
        try await withHangGuard(seconds: 60, "waitForChange with a later row present") {
            try await rows.waitForChange(partition: "w/imm", after: "0003")
            try await rows.waitForChange(partition: "w/imm", after: nil)
        }
        #expect(
            await storageErrorCode { try await rows.waitForChange(partition: "bad//p", after: nil) } == .invalidArgument
        )
    }

    static func wakesAfterPut(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let partition = "w/wake"
        try await rows.put(partition: partition, sort: "0005", value: ByteBuffer(string: "seen"))
        let waiter = Task { try await rows.waitForChange(partition: partition, after: "0005") }
        if let hub = store.watchHub {
            try await waitUntil("the waiter registers") { hub.waiterCount(partition: partition) == 1 }
            // A row at or before the waiter's position is not news to it.
            try await rows.put(partition: partition, sort: "0004", value: ByteBuffer(string: "old"))
            try await rows.put(partition: partition, sort: "0005", value: ByteBuffer(string: "rewritten"))
            if store.signalsSynchronously {
                #expect(hub.unwokenWaiterCount(partition: partition) == 1)
            }
        }
        try await rows.put(partition: partition, sort: "0006", value: ByteBuffer(string: "new"))
        try await withHangGuard(seconds: 120, "waiter wake-up after a put") { try await waiter.value }
        #expect(try await rows.listKeys(partition: partition, after: "0005", limit: 10).keys == ["0006"])
    }

    static func manyWaiters(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let partition = "w/many"
        let count = 50
        let waiters = (0..<count).map { index in
            Task { () -> Int in
                try await rows.waitForChange(partition: partition, after: index % 2 == 0 ? nil : "0000")
                return index
            }
        }
        if let hub = store.watchHub {
            try await waitUntil("\(count) waiters register") { hub.waiterCount(partition: partition) == count }
            #expect(hub.watchedPartitionCount == 1)
        }
        try await rows.put(partition: partition, sort: "0001", value: ByteBuffer(string: "wake"))
        let woken = try await withHangGuard(seconds: 120, "\(count) waiters wake") {
            var woken: [Int] = []
            for waiter in waiters { woken.append(try await waiter.value) }
            return woken
        }
        #expect(woken == Array(0..<count))
        if let hub = store.watchHub {
            try await waitUntil("the watch is released") { hub.watchedPartitionCount == 0 }
        }
    }

    static func isolation(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let waiter = Task { try await rows.waitForChange(partition: "w/iso/a", after: nil) }
        if let hub = store.watchHub {
            try await waitUntil("the waiter registers") { hub.waiterCount(partition: "w/iso/a") == 1 }
            try await rows.put(partition: "w/iso/b", sort: "1", value: ByteBuffer(string: "elsewhere"))
            try await rows.put(partition: "w/iso", sort: "1", value: ByteBuffer(string: "parent"))
            try await rows.put(partition: "w/iso/a/c", sort: "1", value: ByteBuffer(string: "child"))
            if store.signalsSynchronously {
                #expect(hub.unwokenWaiterCount(partition: "w/iso/a") == 1)
            }
        }
        try await rows.put(partition: "w/iso/a", sort: "1", value: ByteBuffer(string: "here"))
        try await withHangGuard(seconds: 120, "waiter wake-up") { try await waiter.value }
    }

    static func cancellation(_ store: StoreUnderTest) async throws {
        let rows = store.rows
        let partition = "w/cancel"
        let waiter = Task { try await rows.waitForChange(partition: partition, after: nil) }
        if let hub = store.watchHub {
            try await waitUntil("the waiter registers") { hub.waiterCount(partition: partition) == 1 }
        }
        waiter.cancel()
        let outcome = await withHangGuardResult { try await waiter.value }
        #expect(outcome is CancellationError, "got \(String(describing: outcome))")
        if let hub = store.watchHub {
            try await waitUntil("the waiter leaves") { hub.waiterCount(partition: partition) == 0 }
            #expect(hub.watchedPartitionCount == 0)
        }
        // The store is still usable for new waiters.
        try await rows.put(partition: partition, sort: "1", value: ByteBuffer(string: "x"))
        try await withHangGuard(seconds: 60, "a fresh waiter") {
            try await rows.waitForChange(partition: partition, after: nil)
        }
    }
}

/// Yields until `condition` holds (guarded against hanging); for states reached by other tasks.
func waitUntil(_ what: String, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await withHangGuard(seconds: 60, what) {
        while !condition() {
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// The error a task ended with (nil if it succeeded), guarded against hanging.
func withHangGuardResult(_ body: @escaping @Sendable () async throws -> Void) async -> (any Error)? {
    do {
        try await withHangGuard(seconds: 60, "task completion", body)
        return nil
    } catch {
        return error
    }
}
