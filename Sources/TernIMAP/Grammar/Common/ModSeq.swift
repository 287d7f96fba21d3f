/// A CONDSTORE mod-sequence value (RFC 7162 §7): `1*DIGIT`, at most 2^63 - 1.
public struct ModSeq: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maximum: UInt64 = UInt64(Int64.max)

    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: ModSeq, rhs: ModSeq) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}
