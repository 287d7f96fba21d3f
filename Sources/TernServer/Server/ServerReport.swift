/// What a started server bound and how to reach it: printed by `tern dev` / `tern serve` and, as
/// the one-line `readyLine`, read by the test launcher.
public struct ServerReport: Hashable, Sendable {
    public var imap: [ListenAddress] = []
    public var imaps: [ListenAddress] = []
    /// `ADDR:PORT` or `unix:PATH`.
    public var lmtp: [String] = []
    public var auth: [String] = []
    public var metrics: [ListenAddress] = []
    /// HTTP listeners serving client autoconfiguration only.
    public var http: [ListenAddress] = []
    /// The same over TLS.
    public var https: [ListenAddress] = []
    /// SHA-256 fingerprint of the TLS certificate, when TLS is configured.
    public var certificateFingerprint: String?
    /// The writer slot this process claimed (or was given) on its storage.
    public var writerSlot: UInt8?

    public init() {}

    /// `tern-ready imap=A,B imaps=C lmtp=D auth=E fingerprint=F slot=S` (empty lists, a missing
    /// fingerprint and slot are left out). Always the last line a server prints before serving.
    public var readyLine: String {
        var fields = ["tern-ready"]
        let lists = [
            ("imap", imap.map(\.description)), ("imaps", imaps.map(\.description)), ("lmtp", lmtp), ("auth", auth),
            ("metrics", metrics.map(\.description)), ("http", http.map(\.description)),
            ("https", https.map(\.description)),
        ]
        for (name, addresses) in lists where !addresses.isEmpty {
            fields.append("\(name)=" + addresses.joined(separator: ","))
        }
        if let certificateFingerprint { fields.append("fingerprint=\(certificateFingerprint)") }
        if let writerSlot { fields.append("slot=\(writerSlot)") }
        return fields.joined(separator: " ")
    }
}
