/// How a string was (or should be) written on the wire.
///
/// The grammar values remember the form they were parsed in so that parse -> encode reproduces the
/// original bytes; values built in code leave it `nil` and the encoder picks the shortest valid form.
/// The form never takes part in equality.
public enum StringForm: Hashable, Sendable {
    /// A bare atom (or astring / list-mailbox characters, depending on the position).
    case atom
    /// A quoted string, `"..."` with `\"` and `\\` escapes.
    case quoted
    /// A synchronizing literal `{N}`.
    case literal
    /// A non-synchronizing literal `{N+}` (LITERAL+ / LITERAL-).
    case nonSynchronizingLiteral
}
