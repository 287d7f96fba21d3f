#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The networks whose SASL clients are believed about the end user's address (`rip`) and transport
/// (`secured`): the local MTA. Anyone else who reaches the SASL port could otherwise put any address in `rip`
/// and spend other addresses' login budgets. A peer outside these networks is charged for its own address.
/// Unix-socket peers are always trusted: the socket's file mode decides who may connect.
public struct TrustedPeers: Hashable, Sendable {
    /// One network: address bytes (4 or 16) and prefix length.
    public struct Network: Hashable, Sendable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefixLength: Int

        /// `ADDR` or `ADDR/PREFIX`, IPv4 or IPv6 (no brackets).
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = Self.parse(String(parts[0])) else { return nil }
            let maximum = bytes.count * 8
            var prefix = maximum
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
                prefix = value
            }
            self.bytes = bytes
            self.prefixLength = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }

        public var description: String {
            let text: String
            if bytes.count == 4 {
                text = bytes.map(String.init).joined(separator: ".")
            } else {
                text = stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
                }.joined(separator: ":")
            }
            return "\(text)/\(prefixLength)"
        }

        /// IPv4 as 4 bytes; IPv6 as 16, except IPv4-mapped IPv6 which is its IPv4 address.
        static func parse(_ text: String) -> [UInt8]? {
            var ipv4 = in_addr()
            if inet_pton(AF_INET, text, &ipv4) == 1 { return withUnsafeBytes(of: ipv4) { Array($0) } }
            var ipv6 = in6_addr()
            guard inet_pton(AF_INET6, text, &ipv6) == 1 else { return nil }
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
            return bytes
        }
    }

    public var networks: [Network]

    public init(_ networks: [Network]) { self.networks = networks }

    /// The default: the machine itself (Postfix on the same host as Tern).
    public static let loopback = TrustedPeers([Network("127.0.0.0/8"), Network("::1")].compactMap { $0 })
    public static let none = TrustedPeers([])

    /// Whether an IP address (text form, no port) lies in one of the networks.
    public func contains(ip: String) -> Bool {
        guard let bytes = Network.parse(ip) else { return false }
        return networks.contains { $0.contains(bytes) }
    }
}
