import Foundation
import GRDB
import NIOConcurrencyHelpers

/// One row write as `SQLiteRowStore` applies it.
enum SQLiteRowWrite: Sendable {
    /// `exclusive`: insert only if the row is absent (the write's outcome says whether it did).
    case put(partition: String, sort: String, value: Data, exclusive: Bool)
    case delete(partition: String, sort: String)
}

/// Group commit for the row store. With `synchronous = FULL` every commit is a WAL fsync, and
/// SQLite commits one writer at a time, so concurrent sessions used to wait for each other's
/// fsyncs in turn. Now writes that arrive while a commit is under way wait for it to finish and
/// then share the next transaction: one fsync for all of them.
///
/// Durability is unchanged: a caller resumes only after the commit holding its writes returned
/// (durable), or with the error of its own writes. A request's writes are applied in order and
/// atomically (one transaction). A batch that fails is retried one request per transaction, so
/// one request's error (a corrupt row, say) never fails another's writes. Bounded: a commit takes
/// at most `maxWritesPerCommit` writes (more only for a single larger request); the waiting line
/// holds one entry per suspended caller, and each caller queued one commit turn on GRDB's writer
/// queue, so the line always drains.
final class SQLiteGroupCommit: Sendable {
    /// Writes one commit takes at most: enough for every concurrent session of a busy server, small
    /// enough that one commit stays a few milliseconds.
    static let maxWritesPerCommit = 256

    private struct Request: Sendable {
        let writes: [SQLiteRowWrite]
        let continuation: CheckedContinuation<[Bool], any Error>
    }

    private let pool: DatabasePool
    private let waiting: NIOLockedValueBox<GroupCommitQueue<Request>>
    private let committed = NIOLockedValueBox(0)

    init(pool: DatabasePool, maxWritesPerCommit: Int = SQLiteGroupCommit.maxWritesPerCommit) {
        self.pool = pool
        self.waiting = NIOLockedValueBox(GroupCommitQueue(maxWrites: maxWritesPerCommit))
    }

    /// Requests waiting for a commit turn.
    var waitingRequests: Int { waiting.withLockedValue { $0.count } }

    /// Transactions committed so far (a batch retried one request at a time counts each).
    var commits: Int { committed.withLockedValue { $0 } }

    /// Applies `writes` in order, in one transaction, and returns once it is committed (durable).
    /// Per write: whether it changed the database (false only for an exclusive put of an existing row).
    func apply(_ writes: [SQLiteRowWrite]) async throws -> [Bool] {
        try await withCheckedThrowingContinuation { continuation in
            waiting.withLockedValue { $0.enqueue(Request(writes: writes, continuation: continuation), writes: writes.count) }
            // One commit turn per request: the turn commits whatever waits by then (its own request,
            // unless an earlier turn took it already; then it finds less to do, or nothing).
            pool.asyncWriteWithoutTransaction { db in self.commitWaiting(db) }
        }
    }

    /// Runs on GRDB's writer queue, one turn at a time.
    private func commitWaiting(_ db: Database) {
        let batch = waiting.withLockedValue { $0.nextBatch() }
        guard !batch.isEmpty else { return }
        do {
            let outcomes = try commit(batch.map(\.writes), db)
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(returning: outcome) }
        } catch {
            guard batch.count > 1 else { return batch[0].continuation.resume(throwing: error) }
            for request in batch {
                do {
                    request.continuation.resume(returning: try commit([request.writes], db)[0])
                } catch {
                    request.continuation.resume(throwing: error)
                }
            }
        }
    }

    /// One transaction for all `requests`; the outcome of each of their writes.
    private func commit(_ requests: [[SQLiteRowWrite]], _ db: Database) throws -> [[Bool]] {
        var outcomes: [[Bool]] = []
        outcomes.reserveCapacity(requests.count)
        try db.inTransaction {
            for writes in requests {
                outcomes.append(try writes.map { try Self.apply($0, db) })
            }
            return .commit
        }
        committed.withLockedValue { $0 += 1 }
        return outcomes
    }

    private static func apply(_ write: SQLiteRowWrite, _ db: Database) throws -> Bool {
        switch write {
        case .put(let partition, let sort, let value, exclusive: true):
            try db.cachedStatement(
                sql: "INSERT INTO rows (partition, sort, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            ).execute(arguments: [partition, sort, value])
            return db.changesCount == 1
        case .put(let partition, let sort, let value, exclusive: false):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO rows (partition, sort, value) VALUES (?, ?, ?)")
                .execute(arguments: [partition, sort, value])
            return true
        case .delete(let partition, let sort):
            try db.cachedStatement(sql: "DELETE FROM rows WHERE partition = ? AND sort = ?")
                .execute(arguments: [partition, sort])
            return true
        }
    }
}
