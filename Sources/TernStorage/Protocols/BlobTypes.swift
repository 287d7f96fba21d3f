/// A byte range of a blob: `length` bytes starting at `offset`, or everything from `offset` when
/// `length` is nil. Ranges are clamped to the blob: a range that starts at or past the end reads
/// nothing (no error), one that runs past the end reads to the end.
public struct BlobRange: Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var length: Int?

    /// Fails with `invalidArgument` for a negative offset or length.
    public init(offset: Int, length: Int? = nil) throws {
        guard offset >= 0, (length ?? 0) >= 0 else {
            throw StorageError(.invalidArgument, "negative blob range offset \(offset) or length \(length ?? 0)")
        }
        self.offset = offset
        self.length = length
    }

    /// The bytes this range selects from a blob of `size` bytes (possibly empty).
    public func clamped(toSize size: Int) -> Range<Int> {
        let start = min(offset, size)
        guard let length else { return start..<size }
        let (end, overflow) = start.addingReportingOverflow(length)
        return start..<(overflow ? size : min(end, size))
    }

    public var description: String {
        if let length { return "bytes \(offset)+\(length)" }
        return "bytes \(offset)-"
    }
}

/// What a store knows about a blob without reading it.
public struct BlobInfo: Hashable, Sendable {
    public var key: String
    /// Size in bytes.
    public var size: Int

    public init(key: String, size: Int) {
        self.key = key
        self.size = size
    }
}

/// The result of a (ranged) read: the blob's total size, the bytes actually delivered, and the body.
public struct BlobRead: Sendable {
    /// The whole blob's size.
    public var size: Int
    /// The bytes of the blob that `body` delivers, in order (the requested range clamped to `size`).
    public var range: Range<Int>
    /// Exactly `range.count` bytes; a backend whose transfer ends short throws `integrity` or `unavailable`.
    public var body: BlobByteStream

    public init(size: Int, range: Range<Int>, body: BlobByteStream) {
        self.size = size
        self.range = range
        self.body = body
    }
}

/// One page of a listing by prefix, in storage key order (bytewise UTF-8).
public struct BlobListPage: Hashable, Sendable {
    public var entries: [BlobInfo]
    /// Pass as `startAfter` to get the next page; nil when this page is the last.
    public var nextStartAfter: String?

    public init(entries: [BlobInfo], nextStartAfter: String?) {
        self.entries = entries
        self.nextStartAfter = nextStartAfter
    }
}
