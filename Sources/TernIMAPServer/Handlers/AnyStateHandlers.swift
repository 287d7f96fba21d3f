import Logging
import TernIMAP

/// CAPABILITY, LOGOUT, ID, ENABLE, NAMESPACE (NOOP and CHECK only send updates: see IMAPSession).
extension IMAPSession {
    func capability() async throws -> Completion {
        try await writer.untagged(.capability(capabilities))
        return .ok("CAPABILITY completed")
    }

    func logout() async throws -> Completion {
        try await writer.untagged(.bye(ResponseText(text: "Logging out")))
        machine.loggedOut()
        end = .logout
        return .ok("LOGOUT completed")
    }

    /// ID (RFC 2971): the server's name only; the client's name and version are logged (they identify
    /// clients in support cases and carry no secrets), at most 64 bytes each.
    func id(_ parameters: [IDParameter]?) async throws -> Completion {
        var fields: Logger.Metadata = [:]
        for parameter in parameters ?? [] {
            let key = parameter.key.stringValue.lowercased()
            guard key == "name" || key == "version", let value = parameter.value else { continue }
            fields["client_\(key)"] = "\(String(value.stringValue.prefix(64)))"
        }
        if !fields.isEmpty { logger.info("client identified", metadata: fields) }
        try await writer.untagged(.id([IDParameter(key: "name", value: "Tern")]))
        return .ok("ID completed")
    }

    /// ENABLE (RFC 5161): CONDSTORE, QRESYNC (implies CONDSTORE), UTF8=ACCEPT and IMAP4rev2; others are ignored.
    func enable(_ requested: [Capability]) async throws -> Completion {
        var newlyEnabled: [Capability] = []
        for capability in requested {
            switch capability {
            case .condStore where !enabled.condstore:
                enabled.condstore = true
                newlyEnabled.append(.condStore)
            case .qresync where !enabled.qresync:
                enabled.qresync = true
                enabled.condstore = true
                newlyEnabled.append(.qresync)
            case .utf8Accept where !enabled.utf8Accept:
                enabled.utf8Accept = true
                newlyEnabled.append(.utf8Accept)
            case .imap4rev2 where !enabled.imap4rev2:
                enabled.imap4rev2 = true
                newlyEnabled.append(.imap4rev2)
            default:
                break
            }
        }
        syncEncodingOptions()
        try await writer.untagged(.enabled(newlyEnabled))
        return .ok("ENABLE completed")
    }

    func syncEncodingOptions() {
        var options = writer.options
        options.condstore = enabled.condstore || enabled.qresync
        options.qresync = enabled.qresync
        options.utf8Accept = enabled.utf8Accept
        options.imap4rev2 = enabled.imap4rev2
        writer.options = options
    }

    /// NAMESPACE (RFC 2342): one personal namespace, no prefix, delimiter "/".
    func namespace() async throws -> Completion {
        let personal = [NamespaceDescription(prefix: "", delimiter: UInt8(ascii: "/"))]
        try await writer.untagged(.namespace(NamespaceResponse(personal: personal, otherUsers: nil, shared: nil)))
        return .ok("NAMESPACE completed")
    }
}
