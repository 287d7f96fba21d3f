import NIOCore

/// The `remote` log metadata of a connection: `ip:port`, `[ipv6]:port`, `unix` for a Unix socket, `-` unknown.
public enum RemoteAddressText {
    public static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "-" }
        if case .unixDomainSocket = address { return "unix" }
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
