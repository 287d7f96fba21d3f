import Foundation
import TernTestSupport
import Testing

/// `tern serve` with `[listen] http` and `[autoconfig]`: curl sends Thunderbird's and Outlook's requests to the
/// real binary, and the answers name the IMAP ports it actually bound; over HTTPS, the `[tls]` certificate serves.
@Suite struct AutoconfigServeTests {
    @Test func serveAnswersThunderbirdAndOutlook() async throws {
        let (directory, config) = try await TernServeFixture.prepare(
            listen: """
                imap = "127.0.0.1:0"
                imaps = "127.0.0.1:0"
                http = "127.0.0.1:0"
                https = "127.0.0.1:0"
                metrics = "127.0.0.1:0"
                """,
            extra: "[autoconfig]\ndomains = [\"example.test\"]")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try TernDevServer.binaryPath()
        let serve = try await BackgroundProcess.start(binary, ["serve", "--config", config], readyPrefix: "tern-ready")
        defer { serve.stop() }
        func port(_ name: String) throws -> String { try #require(serve.readyPort(name), "\(serve.readyLine)") }
        let http = try port("http")
        let imaps = try port("imaps")
        let imap = try port("imap")

        let thunderbird = try await ExternalCommand.run(
            "curl",
            [
                "-sS", "-i", "-H", "Host: autoconfig.example.test", "-A",
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2",
                "http://127.0.0.1:\(http)/mail/config-v1.1.xml?emailaddress=alice%40example.test",
            ], timeout: .seconds(60))
        #expect(thunderbird.succeeded, "\(thunderbird)")
        #expect(thunderbird.output.lowercased().contains("content-type: text/xml"), "\(thunderbird.output)")
        #expect(thunderbird.output.contains("<port>\(imaps)</port>\n      <socketType>SSL</socketType>"))
        #expect(thunderbird.output.contains("<port>\(imap)</port>\n      <socketType>STARTTLS</socketType>"))

        let body = """
            <?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>alice@example.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>
            """
        let outlook = try await ExternalCommand.run(
            "curl",
            [
                "-sS", "-i", "-X", "POST", "-H", "Content-Type: text/xml", "-A",
                "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "--data-binary", body,
                "http://127.0.0.1:\(http)/Autodiscover/Autodiscover.xml",
            ], timeout: .seconds(60))
        #expect(outlook.succeeded, "\(outlook)")
        #expect(outlook.output.lowercased().contains("content-type: application/xml"), "\(outlook.output)")
        #expect(outlook.output.contains("<Port>\(imaps)</Port>") && outlook.output.contains("<SSL>on</SSL>"))

        // Outlook asks over HTTPS only: the same answer over TLS (the self-signed test certificate, hence -k); the
        // port speaks nothing but TLS.
        let https = try port("https")
        let secure = try await ExternalCommand.run(
            "curl",
            [
                "-sS", "-i", "-k", "-X", "POST", "-H", "Content-Type: text/xml", "-A",
                "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "--data-binary", body,
                "https://127.0.0.1:\(https)/autodiscover/autodiscover.xml",
            ], timeout: .seconds(60))
        #expect(secure.succeeded, "\(secure)")
        #expect(secure.output.lowercased().contains("content-type: application/xml"), "\(secure.output)")
        #expect(secure.output.contains("<Port>\(imaps)</Port>") && secure.output.contains("<SSL>on</SSL>"))
        let plainOnTLSPort = try await ExternalCommand.run(
            "curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(https)/mail/config-v1.1.xml"],
            timeout: .seconds(60))
        #expect(!plainOnTLSPort.output.contains("200"), "\(plainOnTLSPort)")

        // The metrics listener is a different one: no autoconfiguration there.
        let metrics = try port("metrics")
        let other = try await ExternalCommand.run(
            "curl",
            ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(metrics)/mail/config-v1.1.xml"],
            timeout: .seconds(60))
        #expect(other.output.contains("404"), "\(other)")
    }
}
