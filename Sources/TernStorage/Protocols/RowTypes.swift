import NIOCore

/// One row of a partition.
public struct Row: Hashable, Sendable {
    public var sort: String
    public var value: ByteBuffer

    public init(sort: String, value: ByteBuffer) {
        self.sort = sort
        self.value = value
    }
}

/// One page of rows in ascending sort-key order (bytewise UTF-8).
public struct RowPage: Hashable, Sendable {
    public var rows: [Row]
    /// Pass as `after` to get the next page; nil when this page is the last.
    public var nextAfter: String?

    public init(rows: [Row], nextAfter: String?) {
        self.rows = rows
        self.nextAfter = nextAfter
    }
}

/// One page of sort keys in ascending order (bytewise UTF-8).
public struct RowKeyPage: Hashable, Sendable {
    public var keys: [String]
    /// Pass as `after` to get the next page; nil when this page is the last.
    public var nextAfter: String?

    public init(keys: [String], nextAfter: String?) {
        self.keys = keys
        self.nextAfter = nextAfter
    }
}

/// One write of `RowStore.write(_:)`: an unconditional put or a delete.
public enum RowWrite: Hashable, Sendable {
    case put(partition: String, sort: String, value: ByteBuffer)
    case delete(partition: String, sort: String)

    public var partition: String {
        switch self {
        case .put(let partition, _, _), .delete(let partition, _): partition
        }
    }
}
