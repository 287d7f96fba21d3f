import Testing

@testable import TernHTTP

@Suite struct AutoconfigAnswerTests {
    let settings = AutoconfigFixtures.settings

    @Test func clientConfigForAServedDomain() {
        let answer = AutoconfigAnswer.clientConfig(settings, emailAddress: "alice@EXAMPLE.org")
        #expect(answer.status == 200)
        #expect(answer.contentType == "text/xml; charset=utf-8")
        #expect(answer.body.contains(#"<emailProvider id="example.org">"#))
    }

    @Test func clientConfigWithoutAnAddressUsesPlaceholders() {
        let answer = AutoconfigAnswer.clientConfig(settings, emailAddress: nil)
        #expect(answer.status == 200 && answer.body.contains("%EMAILADDRESS%"))
    }

    @Test func otherDomainsAndNonAddressesAreRefused() {
        #expect(AutoconfigAnswer.clientConfig(settings, emailAddress: "alice@elsewhere.net").status == 404)
        #expect(AutoconfigAnswer.clientConfig(settings, emailAddress: "no-at-sign").status == 400)
        #expect(AutoconfigAnswer.clientConfig(settings, emailAddress: "a b@example.com").status == 400)
        let body = AutoconfigFixtures.outlookRequest("bob@elsewhere.net")
        #expect(AutoconfigAnswer.autodiscover(settings, body: Array(body.utf8)).status == 404)
        #expect(AutoconfigAnswer.autodiscover(settings, body: Array("garbage".utf8)).status == 400)
    }

    @Test func autodiscoverForAServedDomain() {
        let body = Array(AutoconfigFixtures.outlookRequest("bob@example.com").utf8)
        let answer = AutoconfigAnswer.autodiscover(settings, body: body)
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/xml; charset=utf-8")
    }

    @Test func mailAddressShape() {
        #expect(MailAddress("Alice@Example.COM")?.domain == "example.com")
        #expect(MailAddress("Alice@Example.COM")?.localPart == "Alice")
        for bad in ["", "@example.com", "alice@", "alice@.example.com", "alice@example..com", "a\u{0}@x.y",
                    String(repeating: "a", count: 250) + "@x.yz"] {
            #expect(MailAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func xmlEscaping() {
        #expect(XMLText.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;")
        #expect(XMLText.escape("a\u{1}b\tc") == "ab\tc")
    }
}
