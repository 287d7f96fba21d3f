#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LoginFailureLimiter {
    /// The limiter key for a remote address: the IP alone, whatever form the entry point passes (`ip`,
    /// `ip:port`, `[ipv6]:port`, `ipv6`). The port never counts: every new connection has a new one, so keying
    /// by it would give each connection a fresh budget. IPv6 addresses count per /64, since one host usually
    /// holds a whole /64 and could otherwise rotate through 2^64 fresh budgets. IPv4-mapped IPv6 counts as its
    /// IPv4 address. Anything that does not parse as an address (a Unix socket peer, say) is used as it is, cut
    /// to 64 bytes.
    public static func addressKey(forRemoteAddress address: String) -> String {
        if let key = ipv6Key(address) { return key }
        var host = Substring(address)
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
            if let key = ipv6Key(String(host)) { return key }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, String(host), &ipv4) == 1 { return String(host) }
        return String(decoding: address.utf8.prefix(64), as: UTF8.self)
    }

    private static func ipv6Key(_ address: String) -> String? {
        var ipv6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &ipv6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }
}
