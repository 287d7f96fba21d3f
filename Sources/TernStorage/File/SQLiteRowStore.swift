import Foundation
import GRDB
import NIOCore

/// The row half of the `file://` store: one SQLite table in `rows.sqlite`, through GRDB, in WAL mode
/// with `synchronous = FULL`, so every committed write is fsynced to the WAL before the commit returns.
/// Range listings are index range scans on the (partition, sort) primary key, whose BINARY collation
/// orders UTF-8 text bytewise, as `StorageKey.precedes` does.
final class SQLiteRowStore: Sendable {
    private let pool: DatabasePool

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
        } catch {
            throw Self.storageError(error, "opening \(path)")
        }
    }

    /// Returns false when `exclusive` and the row exists (nothing written).
    func put(partition: String, sort: String, value: ByteBuffer, exclusive: Bool) async throws -> Bool {
        let data = Data(value.readableBytesView)
        do {
            return try await pool.write { db in
                if exclusive {
                    try db.execute(
                        sql: "INSERT INTO rows (partition, sort, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        arguments: [partition, sort, data]
                    )
                    return db.changesCount == 1
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rows (partition, sort, value) VALUES (?, ?, ?)",
                    arguments: [partition, sort, data]
                )
                return true
            }
        } catch {
            throw Self.storageError(error, "writing row \(partition) \(sort)")
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
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM rows WHERE partition = ? AND sort = ?", arguments: [partition, sort])
            }
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
