import Foundation
import TernHTTP

/// Settings and recorded request shapes shared by the autoconfiguration tests.
enum AutoconfigFixtures {
    static let settings = MailClientSettings(
        hostname: "imap.example.com",
        endpoints: [.init(port: 143, security: .startTLS), .init(port: 993, security: .implicitTLS)],
        login: .address, displayName: "Example <Mail> & Co", domains: ["example.com", "Example.org"])

    /// What Outlook posts to /autodiscover/autodiscover.xml (request schema 2006).
    static func outlookRequest(_ address: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            <EMailAddress>\(address)</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """
    }

    static func schema(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Schemas/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return url
    }

    /// Runs `xmllint --noout --schema` on `document`; returns its exit status and what it printed.
    static func validate(_ document: String, schema name: String) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-xsd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("document.xml")
        try document.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--nonet", "--schema", try schema(name).path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
