import Foundation
import GRDB
import NIOCore

/// The row half of the `file://` store: one SQLite table in `rows.sqlite`, through GRDB, in WAL mode
/// with `synchronous = FULL` on the writer, so every commit is fsynced to the WAL before it returns.
/// Range listings are index range scans on the (partition, sort) primary key, whose BINARY collation
/// orders UTF-8 text bytewise, as `StorageKey.precedes` does. Writes go through `SQLiteGroupCommit`:
/// concurrent writers share one commit (one fsync), each acknowledged after it.
final class SQLiteRowStore: Sendable {
    private let pool: DatabasePool
    private let groupCommit: SQLiteGroupCommit

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "TernStorage.rows"
        // Other processes may hold the write lock briefly (tests, tools); wait rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE rows (
                            partition TEXT NOT NULL,
                            sort TEXT NOT NULL,
                            value BLOB NOT NULL,
                            PRIMARY KEY (partition, sort)
                        ) WITHOUT ROWID
                        """
                )
            }
            try migrator.migrate(pool)
            // GRDB's pool sets `synchronous = NORMAL` on its writer after `prepareDatabase` (WAL mode):
            // commits would then be durable only at the next checkpoint, and an acknowledged row could
            // be lost with the machine. Set FULL again on the writer, the one connection that commits.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            groupCommit = SQLiteGroupCommit(pool: pool)
        } catch {
            throw Self.storageError(error, "opening \(path)")
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL: every commit fsyncs the WAL).
    func writerSynchronousSetting() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Returns false when `exclusive` and the row exists (nothing written).
    func put(partition: String, sort: String, value: ByteBuffer, exclusive: Bool) async throws -> Bool {
        let write = SQLiteRowWrite.put(partition: partition, sort: sort, value: Data(value.readableBytesView), exclusive: exclusive)
        do {
            return try await groupCommit.apply([write])[0]
        } catch {
            throw Self.storageError(error, "writing row \(partition) \(sort)")
        }
    }

    /// Applies `writes` in order in one transaction: all durable when it returns, or none.
    func write(_ writes: [RowWrite]) async throws {
        guard !writes.isEmpty else { return }
        let applied = writes.map { write -> SQLiteRowWrite in
            switch write {
            case .put(let partition, let sort, let value):
                .put(partition: partition, sort: sort, value: Data(value.readableBytesView), exclusive: false)
            case .delete(let partition, let sort): .delete(partition: partition, sort: sort)
            }
        }
        do {
            _ = try await groupCommit.apply(applied)
        } catch {
            throw Self.storageError(error, "writing \(writes.count) rows")
        }
    }

    func get(partition: String, sort: String) async throws -> ByteBuffer? {
        do {
            let data = try await pool.read { db in
                try Data.fetchOne(
                    db,
                    sql: "SELECT value FROM rows WHERE partition = ? AND sort = ?",
                    arguments: [partition, sort]
                )
            }
            return data.map { ByteBuffer(bytes: $0) }
        } catch {
            throw Self.storageError(error, "reading row \(partition) \(sort)")
        }
    }

    func delete(partition: String, sort: String) async throws {
        do {
            _ = try await groupCommit.apply([.delete(partition: partition, sort: sort)])
        } catch {
            throw Self.storageError(error, "deleting row \(partition) \(sort)")
        }
    }

    /// Up to `limit + 1` rows after `after`, so the caller can tell whether more follow.
    func list(
        partition: String,
        after: String?,
        limit: Int,
        withValues: Bool
    ) async throws -> [(sort: String, value: ByteBuffer?)] {
        let columns = withValues ? "sort, value" : "sort"
        do {
            return try await pool.read { db in
                let rows: [GRDB.Row]
                if let after {
                    rows = try GRDB.Row.fetchAll(
                        db,
                        sql: "SELECT \(columns) FROM rows WHERE partition = ? AND sort > ? ORDER BY sort LIMIT ?",
                        arguments: [partition, after, limit + 1]
                    )
                } else {
                    rows = try GRDB.Row.fetchAll(
                        db,
                        sql: "SELECT \(columns) FROM rows WHERE partition = ? ORDER BY sort LIMIT ?",
                        arguments: [partition, limit + 1]
                    )
                }
                return rows.map { row in
                    let value: Data? = withValues ? row["value"] : nil
                    return (sort: row["sort"], value: value.map { ByteBuffer(bytes: $0) })
                }
            }
        } catch {
            throw Self.storageError(error, "listing rows of \(partition)")
        }
    }

    /// Whether any row of `partition` sorts after `after` (any row at all when nil).
    func hasRow(partition: String, after: String?) async throws -> Bool {
        try await !list(partition: partition, after: after, limit: 1, withValues: false).isEmpty
    }

    private static func storageError(_ error: any Error, _ context: String) -> any Error {
        if error is StorageError || error is CancellationError { return error }
        guard let databaseError = error as? DatabaseError else {
            return StorageError(.unavailable, "\(context): \(error)")
        }
        switch databaseError.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StorageError(.integrity, "\(context): \(databaseError.message ?? "corrupt database")")
        case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return StorageError(.permissionDenied, "\(context): \(databaseError.message ?? "permission denied")")
        default:
            return StorageError(.unavailable, "\(context): \(databaseError)")
        }
    }
}
