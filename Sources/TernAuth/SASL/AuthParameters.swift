/// The parameters after `AUTH <id> <mech>`: `key=value` pairs and bare flags. Unknown ones are ignored, as
/// Dovecot does, so newer clients keep working.
struct AuthParameters: Sendable, Equatable {
    var service: String?
    /// The `resp=` value as sent (base64 text); present but empty means an empty initial response.
    var initialResponse: [UInt8]?
    var localAddress: String?
    var remoteAddress: String?
    var secured = false

    init(_ fields: some Sequence<ArraySlice<UInt8>>) {
        for field in fields {
            let equals = field.firstIndex(of: UInt8(ascii: "="))
            let key = String(decoding: field[field.startIndex..<(equals ?? field.endIndex)], as: UTF8.self)
            let value = equals.map { DovecotTabEscaping.unescape(field[($0 + 1)...]) }
            switch (key, value) {
            case ("service", .some(let value)): service = String(decoding: value, as: UTF8.self)
            case ("resp", .some(let value)): initialResponse = value
            case ("lip", .some(let value)): localAddress = String(decoding: value, as: UTF8.self)
            case ("rip", .some(let value)): remoteAddress = String(decoding: value, as: UTF8.self)
            case ("secured", _): secured = true
            default: break
            }
        }
    }

    /// Dovecot's rule: a session is secure if the client says so (TLS) or it comes from the local address itself.
    var isSecure: Bool { secured || (localAddress != nil && localAddress == remoteAddress) }
}
