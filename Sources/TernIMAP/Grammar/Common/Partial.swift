/// `partial` of a FETCH body section (`<origin.length>`, RFC 9051 §6.4.5): `length` octets from `origin`.
/// Both are number64 in IMAP4rev2; `length` is non-zero.
public struct Partial: Hashable, Sendable {
    public var origin: UInt64
    public var length: UInt64

    public init(origin: UInt64, length: UInt64) {
        self.origin = origin
        self.length = length
    }

    /// The byte range within a body of `size` bytes this selects (empty when origin is past the end).
    public func clamped(toSize size: UInt64) -> Range<UInt64> {
        let start = min(origin, size)
        let (end, overflow) = origin.addingReportingOverflow(length)
        return start..<(overflow ? size : min(end, size))
    }
}
