import NIOCore

/// Where a Tern listener (IMAP, LMTP, SASL) listens.
public enum ListenerAddress: Hashable, Sendable, CustomStringConvertible {
    /// A TCP address; port 0 picks a free port (see the bound addresses the server reports).
    case tcp(host: String, port: Int)
    /// A Unix socket path, created on bind (an existing socket file there is replaced) with `mode` permissions.
    case unix(path: String, mode: UInt32)

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path, _): "unix:\(path)"
        }
    }

    /// Parses `ADDR:PORT` (IPv6 in brackets) or `unix:PATH` (mode 0660).
    public init?(_ text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .unix(path: path, mode: 0o660)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self = .tcp(host: host, port: port)
    }
}
