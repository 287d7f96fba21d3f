/// The condition of a status response: `OK`, `NO` or `BAD`.
public enum StatusKind: String, Hashable, Sendable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
}
