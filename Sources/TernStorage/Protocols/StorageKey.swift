import NIOCore

/// Rules for the opaque keys callers give to stores. Every backend applies the same rules so that a
/// key valid on one backend is valid on all (S3 limits keys to 1,024 bytes; XML cannot carry most
/// control characters; file names cannot exceed 255 bytes).
///
/// Keys are ordered by their UTF-8 bytes (as S3 and SQLite's BINARY collation order them), not by
/// Swift's `String` comparison, which follows Unicode canonical equivalence.
public enum StorageKey {
    /// Longest blob key, in UTF-8 bytes.
    public static let maxBlobKeyBytes = 1024
    /// Longest row partition, in UTF-8 bytes.
    public static let maxPartitionBytes = 512
    /// Longest row sort key, in UTF-8 bytes.
    public static let maxSortKeyBytes = 256
    /// Largest row value, in bytes. Rows are small; anything larger belongs in a blob.
    public static let maxRowValueBytes = 1 << 20
    /// Largest page a listing returns.
    public static let maxListLimit = 1000

    /// Whether `a` sorts strictly before `b` in storage order (bytewise UTF-8).
    @inlinable
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A blob key: 1...1024 UTF-8 bytes, no control characters. `/` is an ordinary character
    /// (listing by prefix does not treat it specially).
    public static func validateBlobKey(_ key: String, file: String = #fileID, line: Int = #line) throws {
        try validate(key, what: "blob key", maxBytes: maxBlobKeyBytes, file: file, line: line)
    }

    /// A blob key prefix for listing: like a key, but may be empty.
    public static func validatePrefix(_ prefix: String, file: String = #fileID, line: Int = #line) throws {
        if prefix.isEmpty { return }
        try validate(prefix, what: "prefix", maxBytes: maxBlobKeyBytes, file: file, line: line)
    }

    /// A row partition: 1...512 UTF-8 bytes, no control characters, `/`-separated segments that are
    /// all non-empty (so `mbox/42/log` is fine, `mbox//log` and `/mbox` are not).
    public static func validatePartition(_ partition: String, file: String = #fileID, line: Int = #line) throws {
        try validate(partition, what: "partition", maxBytes: maxPartitionBytes, file: file, line: line)
        if partition.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains(
            where: \.isEmpty
        ) {
            throw StorageError(
                .invalidArgument,
                "partition has an empty segment: \(partition.debugDescription)",
                file: file,
                line: line
            )
        }
    }

    /// A row sort key: 1...256 UTF-8 bytes, no control characters, no `/` (backends that store rows as
    /// objects use `<partition>/<sort>` and must tell one row's key from another partition's).
    public static func validateSortKey(_ sort: String, file: String = #fileID, line: Int = #line) throws {
        try validate(sort, what: "sort key", maxBytes: maxSortKeyBytes, file: file, line: line)
        if sort.utf8.contains(UInt8(ascii: "/")) {
            throw StorageError(
                .invalidArgument,
                "sort key contains '/': \(sort.debugDescription)",
                file: file,
                line: line
            )
        }
    }

    /// Everything a row write must satisfy, checked the same way by every backend: the partition,
    /// the sort key and the value's size (at most `maxRowValueBytes`).
    public static func validateRowWrite(partition: String, sort: String, value: ByteBuffer) throws {
        try validatePartition(partition)
        try validateSortKey(sort)
        guard value.readableBytes <= maxRowValueBytes else {
            throw StorageError(
                .invalidArgument,
                "row value is \(value.readableBytes) bytes, the limit is \(maxRowValueBytes)"
            )
        }
    }

    /// A listing page size: 1...1000.
    public static func validateLimit(_ limit: Int, file: String = #fileID, line: Int = #line) throws {
        guard (1...maxListLimit).contains(limit) else {
            throw StorageError(
                .invalidArgument,
                "listing limit \(limit) outside 1...\(maxListLimit)",
                file: file,
                line: line
            )
        }
    }

    private static func validate(_ key: String, what: String, maxBytes: Int, file: String, line: Int) throws {
        let count = key.utf8.count
        guard count > 0 else {
            throw StorageError(.invalidArgument, "\(what) is empty", file: file, line: line)
        }
        guard count <= maxBytes else {
            throw StorageError(
                .invalidArgument,
                "\(what) is \(count) bytes, the limit is \(maxBytes)",
                file: file,
                line: line
            )
        }
        if key.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw StorageError(
                .invalidArgument,
                "\(what) contains a control character: \(key.debugDescription)",
                file: file,
                line: line
            )
        }
    }
}
