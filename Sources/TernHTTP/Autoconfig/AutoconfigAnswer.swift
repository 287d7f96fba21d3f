/// The answer to one autoconfiguration request, decided without I/O: the listener only moves bytes.
public struct AutoconfigAnswer: Hashable, Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    static func problem(_ status: Int, _ reason: String) -> Self {
        AutoconfigAnswer(status: status, contentType: "text/plain; charset=utf-8", body: reason + "\n")
    }

    /// `GET /mail/config-v1.1.xml?emailaddress=…` and its `/.well-known/autoconfig/` twin. Without an address
    /// (old Thunderbird releases ask without one) the answer uses placeholders; an address in a domain this
    /// server does not serve gets 404, so the client tries its next source.
    public static func clientConfig(_ settings: MailClientSettings, emailAddress: String?) -> Self {
        var address: MailAddress?
        if let emailAddress, !emailAddress.isEmpty {
            guard let parsed = MailAddress(emailAddress) else { return .problem(400, "emailaddress is not an address") }
            guard settings.serves(parsed) else { return .problem(404, "no configuration for this domain") }
            address = parsed
        }
        return AutoconfigAnswer(
            status: 200, contentType: ThunderbirdConfig.contentType,
            body: ThunderbirdConfig.render(settings, for: address))
    }

    /// `POST /autodiscover/autodiscover.xml` with an Outlook POX request body (at most
    /// `AutodiscoverRequest.maxBytes`; the listener answers 413 past it).
    public static func autodiscover(_ settings: MailClientSettings, body: [UInt8]) -> Self {
        guard let request = AutodiscoverRequest(xml: body) else {
            return .problem(400, "not an Autodiscover request")
        }
        guard request.acceptsOutlookResponse else { return .problem(404, "only the Outlook response schema is served") }
        guard let address = MailAddress(request.emailAddress) else {
            return .problem(400, "EMailAddress is not an address")
        }
        guard settings.serves(address) else { return .problem(404, "no configuration for this domain") }
        return AutoconfigAnswer(
            status: 200, contentType: AutodiscoverResponse.contentType,
            body: AutodiscoverResponse.render(settings, for: address))
    }
}
