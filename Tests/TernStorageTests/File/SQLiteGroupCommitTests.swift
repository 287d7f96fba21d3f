import Foundation
import GRDB
import NIOConcurrencyHelpers
import Testing

@testable import TernStorage

/// Group commit of the file store's rows: requests that wait while the writer is busy share one
/// transaction, each learns its own outcome, and a failing request fails no other.
@Suite struct SQLiteGroupCommitTests {
    /// The rows table as `SQLiteRowStore` creates it, plus a trigger that refuses sort key "refused".
    static func database(_ directory: TemporaryDirectory) throws -> DatabasePool {
        let pool = try DatabasePool(path: directory.path + "/rows.sqlite")
        try pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE rows (
                        partition TEXT NOT NULL, sort TEXT NOT NULL, value BLOB NOT NULL,
                        PRIMARY KEY (partition, sort)
                    ) WITHOUT ROWID;
                    CREATE TRIGGER refuse BEFORE INSERT ON rows WHEN NEW.sort = 'refused'
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
                    """)
        }
        return pool
    }

    /// Keeps GRDB's writer queue busy until `release()`: requests made meanwhile queue up.
    final class WriterHold: Sendable {
        private let released = DispatchSemaphore(value: 0)
        private let holding = DispatchSemaphore(value: 0)

        init(_ pool: DatabasePool) {
            pool.asyncWriteWithoutTransaction { [holding, released] _ in
                holding.signal()
                released.wait()
            }
            holding.wait()
        }

        func release() { released.signal() }
    }

    static func put(_ sort: String, exclusive: Bool = false) -> SQLiteRowWrite {
        .put(partition: "p", sort: sort, value: Data(sort.utf8), exclusive: exclusive)
    }

    /// Waits (generously: a loaded machine can starve the test for seconds) until `count` requests queue.
    static func waitUntil(_ groupCommit: SQLiteGroupCommit, queues count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while groupCommit.waitingRequests < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(groupCommit.waitingRequests) of \(count) requests queued")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func requestsThatWaitForTheWriterShareOneCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try Self.database(directory)
        let groupCommit = SQLiteGroupCommit(pool: pool)
        let hold = WriterHold(pool)
        let outcomes = try await withThrowingTaskGroup(of: (Int, [Bool]).self) { group in
            for index in 0..<20 {
                group.addTask { (index, try await groupCommit.apply([Self.put("row\(index)")])) }
            }
            try await Self.waitUntil(groupCommit, queues: 20)
            hold.release()
            return try await group.reduce(into: [Int: [Bool]]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 20)
        #expect(outcomes.values.allSatisfy { $0 == [true] })
        #expect(groupCommit.commits == 1, "20 waiting requests took \(groupCommit.commits) commits")
        let stored = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rows") }
        #expect(stored == 20)
    }

    @Test func aCommitTakesAtMostItsLimitTheRestFollow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try Self.database(directory)
        let groupCommit = SQLiteGroupCommit(pool: pool, maxWritesPerCommit: 4)
        let hold = WriterHold(pool)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask { _ = try await groupCommit.apply([Self.put("row\(index)")]) }
            }
            try await Self.waitUntil(groupCommit, queues: 10)
            hold.release()
            try await group.waitForAll()
        }
        #expect(groupCommit.commits == 3, "10 writes by 4 took \(groupCommit.commits) commits")
    }

    @Test func oneFailingRequestFailsOnlyItself() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try Self.database(directory)
        let groupCommit = SQLiteGroupCommit(pool: pool)
        let hold = WriterHold(pool)
        let results = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for sort in ["a", "refused", "b"] {
                group.addTask {
                    do {
                        _ = try await groupCommit.apply([Self.put(sort), Self.put(sort + "-second")])
                        return (sort, true)
                    } catch {
                        return (sort, false)
                    }
                }
            }
            try await Self.waitUntil(groupCommit, queues: 3)
            hold.release()
            return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results == ["a": true, "refused": false, "b": true])
        let stored = try await pool.read { try String.fetchAll($0, sql: "SELECT sort FROM rows ORDER BY sort") }
        // The refused request's writes went together: neither of its two rows is there.
        #expect(stored == ["a", "a-second", "b", "b-second"])
    }

    @Test func exclusivePutsInOneCommitSeeEachOther() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try Self.database(directory)
        let groupCommit = SQLiteGroupCommit(pool: pool)
        let outcome = try await groupCommit.apply([
            Self.put("x", exclusive: true), Self.put("x", exclusive: true), .delete(partition: "p", sort: "x"),
            Self.put("x", exclusive: true),
        ])
        #expect(outcome == [true, false, true, true])
    }
}
