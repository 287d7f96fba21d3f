/// A generic extension value: `body-extension` (RFC 3501) and `tagged-ext-val` (RFC 4466) data that the
/// grammar does not interpret.
public indirect enum ExtensionValue: Hashable, Sendable {
    case string(ByteString)
    case number(UInt64)
    case `nil`
    /// A bare atom or sequence set (only in `tagged-ext-val`).
    case atom(String)
    case list([ExtensionValue])
}
