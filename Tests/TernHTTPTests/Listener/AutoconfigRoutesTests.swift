import Testing

@testable import TernHTTP

/// The recorded request shapes of Thunderbird, K-9 / FairEmail and Outlook, sent byte for byte over a real
/// socket; the answers must carry the content type each client expects and validate against the published
/// formats' schemas.
@Suite(.timeLimit(.minutes(3))) struct AutoconfigRoutesTests {
    let routes = HTTPRoutes(autoconfig: AutoconfigFixtures.settings)

    /// Thunderbird 128: `GET http://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>`.
    static let thunderbird =
        "GET /mail/config-v1.1.xml?emailaddress=alice%40example.com HTTP/1.1\r\n"
        + "Host: autoconfig.example.com\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
        + "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\nConnection: close\r\n"
        + "Cache-Control: no-cache\r\n\r\n"

    /// K-9 Mail / FairEmail: the domain's well-known URL with the address.
    static let k9 =
        "GET /.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=bob%2Btag%40example.org HTTP/1.1\r\n"
        + "Host: example.org\r\nUser-Agent: K-9/6.802\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"

    /// Outlook (Microsoft Office 16): a POX request, path capitalised as Outlook sends it.
    static func outlook(path: String, address: String) -> String {
        let body = AutoconfigFixtures.outlookRequest(address)
        return "POST \(path) HTTP/1.1\r\nHost: autodiscover.example.com\r\n"
            + "User-Agent: Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)\r\n"
            + "Content-Type: text/xml\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    @Test func thunderbirdGetsAValidClientConfig() async throws {
        try await withListener(routes) { (port: Int) async throws in
            let response = ParsedResponse(try await exchange(Self.thunderbird, port: port))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/xml; charset=utf-8")
            #expect(response.body.contains(#"<emailProvider id="example.com">"#))
            let result = try AutoconfigFixtures.validate(response.body, schema: "clientConfig-v1.1.xsd")
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test func k9AndFairEmailGetAValidClientConfig() async throws {
        try await withListener(routes) { (port: Int) async throws in
            let response = ParsedResponse(try await exchange(Self.k9, port: port))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/xml; charset=utf-8")
            #expect(response.body.contains(#"<emailProvider id="example.org">"#))
            #expect(response.body.contains("<authentication>password-cleartext</authentication>"))
            let result = try AutoconfigFixtures.validate(response.body, schema: "clientConfig-v1.1.xsd")
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test func outlookGetsAValidAutodiscoverAnswerOnEitherCapitalisation() async throws {
        try await withListener(routes) { (port: Int) async throws in
            for path in ["/Autodiscover/Autodiscover.xml", "/autodiscover/autodiscover.xml"] {
                let raw = try await exchange(Self.outlook(path: path, address: "carol@example.com"), port: port)
                let response = ParsedResponse(raw)
                #expect(response.status == 200, "\(path): \(raw)")
                #expect(response.headers["content-type"] == "application/xml; charset=utf-8")
                #expect(response.body.contains("<LoginName>carol@example.com</LoginName>"))
                let result = try AutoconfigFixtures.validate(response.body, schema: "autodiscover-response.xsd")
                #expect(result.status == 0, "\(result.output)")
            }
        }
    }

    @Test func unservedDomainsAndBadRequestsAreRefused() async throws {
        try await withListener(routes) { (port: Int) async throws in
            let other = Self.thunderbird.replacingOccurrences(of: "example.com HTTP", with: "elsewhere.net HTTP")
            #expect(ParsedResponse(try await exchange(other, port: port)).status == 404)
            let outlookOther = Self.outlook(path: "/Autodiscover/Autodiscover.xml", address: "x@elsewhere.net")
            #expect(ParsedResponse(try await exchange(outlookOther, port: port)).status == 404)
            let garbage = "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello"
            #expect(ParsedResponse(try await exchange(garbage, port: port)).status == 400)
            // Metrics are not served on an autoconfig-only listener.
            #expect(ParsedResponse(try await get("/metrics", port: port)).status == 404)
        }
    }

    /// An Autodiscover body past 8 KiB is refused with 413 before it is parsed.
    @Test func oversizedAutodiscoverBodyIs413() async throws {
        try await withListener(routes) { (port: Int) async throws in
            let body = String(repeating: "x", count: AutodiscoverRequest.maxBytes + 1)
            let request = "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
            #expect(ParsedResponse(try await exchange(request, port: port)).status == 413)
        }
    }
}
