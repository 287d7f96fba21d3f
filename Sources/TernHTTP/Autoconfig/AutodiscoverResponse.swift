/// Outlook's Autodiscover "POX" answer for an IMAP account ([MS-OXDSCLI]; the Outlook response schema 2006a):
/// `Action` settings with one `Protocol` block per IMAP port, in order of preference.
public enum AutodiscoverResponse {
    public static let contentType = "application/xml; charset=utf-8"
    static let outerNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
    static let responseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

    public static func render(_ settings: MailClientSettings, for address: MailAddress) -> String {
        let loginName = XMLText.escape(settings.literalUserName(for: address))
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<Autodiscover xmlns="\#(outerNamespace)">"#,
            #"  <Response xmlns="\#(responseNamespace)">"#,
            "    <User>",
            "      <DisplayName>\(XMLText.escape(settings.displayName))</DisplayName>",
            "    </User>",
            "    <Account>",
            "      <AccountType>email</AccountType>",
            "      <Action>settings</Action>",
        ]
        for endpoint in settings.endpoints {
            lines += [
                "      <Protocol>",
                "        <Type>IMAP</Type>",
                "        <Server>\(XMLText.escape(settings.hostname))</Server>",
                "        <Port>\(endpoint.port)</Port>",
                "        <LoginName>\(loginName)</LoginName>",
                "        <DomainRequired>off</DomainRequired>",
                "        <SPA>off</SPA>",
                "        <SSL>\(endpoint.security == .implicitTLS ? "on" : "off")</SSL>",
            ]
            // Outlook 2010 and later read Encryption before SSL; STARTTLS has no other spelling here.
            if endpoint.security == .startTLS { lines.append("        <Encryption>TLS</Encryption>") }
            lines += ["        <AuthRequired>on</AuthRequired>", "      </Protocol>"]
        }
        lines += ["    </Account>", "  </Response>", "</Autodiscover>", ""]
        return lines.joined(separator: "\n")
    }
}
