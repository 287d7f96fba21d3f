import Testing

@testable import TernHTTP

@Suite struct AutodiscoverTests {
    let settings = AutoconfigFixtures.settings

    @Test func parsesOutlooksRequest() throws {
        let body = Array(AutoconfigFixtures.outlookRequest("Bob@Example.com").utf8)
        let request = try #require(AutodiscoverRequest(xml: body))
        #expect(request.emailAddress == "Bob@Example.com")
        #expect(request.acceptsOutlookResponse)
    }

    @Test func refusesWhatIsNotARequest() {
        for body in [
            "", "not xml", "<Autodiscover><Request></Request></Autodiscover>",
            "<Autodiscover><Request><EMailAddress>a@b.c</EMailAddress>",  // unterminated
            #"<!DOCTYPE x [<!ENTITY e "a@b.c">]><Autodiscover><Request><EMailAddress>&e;</EMailAddress></Request></Autodiscover>"#,
            "<Other><Request><EMailAddress>a@b.c</EMailAddress></Request></Other>",
        ] {
            #expect(AutodiscoverRequest(xml: Array(body.utf8)) == nil, "\(body)")
        }
        let huge = AutoconfigFixtures.outlookRequest("a@example.com" + String(repeating: " ", count: 9000))
        #expect(AutodiscoverRequest(xml: Array(huge.utf8)) == nil)
    }

    @Test func mobileSyncClientsAreNotAnsweredWithOutlookSettings() {
        let body = AutoconfigFixtures.outlookRequest("a@example.com").replacingOccurrences(
            of: "outlook/responseschema/2006a", with: "mobilesync/responseschema/2006")
        #expect(AutoconfigAnswer.autodiscover(settings, body: Array(body.utf8)).status == 404)
    }

    @Test func rendersTheSettingsResponse() {
        let xml = AutodiscoverResponse.render(settings, for: MailAddress("bob@example.com")!)
        #expect(xml.contains("<Action>settings</Action>"))
        #expect(xml.contains("<Type>IMAP</Type>\n        <Server>imap.example.com</Server>\n        <Port>993</Port>"))
        #expect(xml.contains("<LoginName>bob@example.com</LoginName>"))
        #expect(xml.contains("<SSL>on</SSL>"))
        #expect(xml.contains("<SSL>off</SSL>\n        <Encryption>TLS</Encryption>"))
        #expect(xml.contains("<SPA>off</SPA>") && xml.contains("<AuthRequired>on</AuthRequired>"))
    }

    @Test func localPartLoginIsWrittenOut() {
        var settings = settings
        settings.login = .localPart
        let xml = AutodiscoverResponse.render(settings, for: MailAddress("bob@example.com")!)
        #expect(xml.contains("<LoginName>bob</LoginName>"))
    }

    @Test func validatesAgainstTheAutodiscoverSchema() throws {
        for security in [MailClientSettings.Security.implicitTLS, .startTLS, .none] {
            var settings = settings
            settings.endpoints = [.init(port: 1993, security: security)]
            let xml = AutodiscoverResponse.render(settings, for: MailAddress(#"o'<x>@example.com"#)!)
            let result = try AutoconfigFixtures.validate(xml, schema: "autodiscover-response.xsd")
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test func schemaRejectsAProtocolWithoutServer() throws {
        let bad = AutodiscoverResponse.render(settings, for: MailAddress("bob@example.com")!)
            .replacingOccurrences(of: "        <Server>imap.example.com</Server>\n", with: "")
        #expect(try AutoconfigFixtures.validate(bad, schema: "autodiscover-response.xsd").status != 0)
    }
}
