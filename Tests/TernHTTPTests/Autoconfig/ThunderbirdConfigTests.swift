import Testing

@testable import TernHTTP

@Suite struct ThunderbirdConfigTests {
    let settings = AutoconfigFixtures.settings

    @Test func rendersOneIncomingServerPerPortImplicitTLSFirst() {
        let xml = ThunderbirdConfig.render(settings, for: MailAddress("alice@example.com"))
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<clientConfig version="1.1">"#))
        #expect(xml.contains(#"<emailProvider id="example.com">"#))
        #expect(xml.contains("<domain>example.com</domain>\n    <domain>example.org</domain>"))
        let ssl = xml.range(of: "<port>993</port>\n      <socketType>SSL</socketType>")
        let startTLS = xml.range(of: "<port>143</port>\n      <socketType>STARTTLS</socketType>")
        #expect(ssl != nil && startTLS != nil && ssl!.lowerBound < startTLS!.lowerBound)
        #expect(!xml.contains("outgoingServer"))
    }

    /// K-9 rejects `plain` as an authentication value; every server says `password-cleartext`.
    @Test func authenticationIsPasswordCleartext() {
        let xml = ThunderbirdConfig.render(settings, for: nil)
        #expect(xml.components(separatedBy: "<authentication>password-cleartext</authentication>").count == 3)
        #expect(!xml.contains("<authentication>plain</authentication>"))
    }

    @Test func addressLoginUsesThePlaceholderEveryClientExpands() {
        let xml = ThunderbirdConfig.render(settings, for: MailAddress("alice@example.com"))
        #expect(xml.contains("<username>%EMAILADDRESS%</username>"))
    }

    /// K-9 stable leaves `%EMAILLOCALPART%` unexpanded: with the address known, the local part is written out.
    @Test func localPartLoginIsWrittenOut() {
        var settings = settings
        settings.login = .localPart
        let known = ThunderbirdConfig.render(settings, for: MailAddress("alice+x@example.com"))
        #expect(known.contains("<username>alice+x</username>"))
        #expect(!known.contains("%EMAILLOCALPART%"))
        #expect(ThunderbirdConfig.render(settings, for: nil).contains("<username>%EMAILLOCALPART%</username>"))
    }

    @Test func interpolatedValuesAreEscaped() {
        var settings = settings
        settings.login = .localPart
        let xml = ThunderbirdConfig.render(settings, for: MailAddress(#"a<b>&"c'@example.com"#))
        #expect(xml.contains("<displayName>Example &lt;Mail&gt; &amp; Co</displayName>"))
        #expect(xml.contains("<username>a&lt;b&gt;&amp;&quot;c&apos;</username>"))
    }

    @Test func validatesAgainstTheClientConfigSchema() throws {
        for login in MailClientSettings.Login.allCases {
            var settings = settings
            settings.login = login
            for address in [MailAddress("alice@example.com"), nil] {
                let result = try AutoconfigFixtures.validate(
                    ThunderbirdConfig.render(settings, for: address), schema: "clientConfig-v1.1.xsd")
                #expect(result.status == 0, "\(result.output)")
            }
        }
    }

    /// The schema is not a rubber stamp: the obsolete `plain` authentication fails it.
    @Test func schemaRejectsTheObsoleteAuthenticationValue() throws {
        let bad = ThunderbirdConfig.render(settings, for: nil)
            .replacingOccurrences(of: "password-cleartext", with: "plain")
        #expect(try AutoconfigFixtures.validate(bad, schema: "clientConfig-v1.1.xsd").status != 0)
    }
}
