/// Thunderbird's autoconfiguration answer, clientConfig version 1.1 (wiki.mozilla.org,
/// "Thunderbird:Autoconfiguration:ConfigFileFormat"), also read by K-9 Mail / Thunderbird for Android and
/// FairEmail. One `incomingServer` per IMAP port, in order of preference; no `outgoingServer`: submission is
/// the MTA's, not Tern's.
public enum ThunderbirdConfig {
    /// Served as `text/xml`, which Thunderbird and K-9 both parse.
    public static let contentType = "text/xml; charset=utf-8"

    /// `address` is the one the client asked about, if any; it must be in a served domain (the caller checks).
    public static func render(_ settings: MailClientSettings, for address: MailAddress?) -> String {
        let domain = address?.domain ?? settings.domains.first ?? settings.hostname
        let userName = XMLText.escape(settings.clientConfigUserName(for: address))
        let displayName = XMLText.escape(settings.displayName)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<clientConfig version="1.1">"#,
            #"  <emailProvider id="\#(XMLText.escape(domain))">"#,
        ]
        for served in settings.domains {
            lines.append("    <domain>\(XMLText.escape(served))</domain>")
        }
        lines.append("    <displayName>\(displayName)</displayName>")
        lines.append("    <displayShortName>\(displayName)</displayShortName>")
        for endpoint in settings.endpoints {
            lines += [
                #"    <incomingServer type="imap">"#,
                "      <hostname>\(XMLText.escape(settings.hostname))</hostname>",
                "      <port>\(endpoint.port)</port>",
                "      <socketType>\(socketType(endpoint.security))</socketType>",
                "      <username>\(userName)</username>",
                // Not `plain`: K-9 rejects the obsolete value.
                "      <authentication>password-cleartext</authentication>",
                "    </incomingServer>",
            ]
        }
        lines += ["  </emailProvider>", "</clientConfig>", ""]
        return lines.joined(separator: "\n")
    }

    static func socketType(_ security: MailClientSettings.Security) -> String {
        switch security {
        case .implicitTLS: "SSL"
        case .startTLS: "STARTTLS"
        case .none: "plain"
        }
    }
}
