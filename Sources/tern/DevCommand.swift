import ArgumentParser
import Foundation

/// `tern dev`: zero-configuration development server (user alice / hunter2, embedded store).
///
/// The listeners arrive with the IMAP server issue; until then this validates its options,
/// prepares the data directory and says honestly what is not there yet.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run a development server with a built-in user (alice / hunter2)."
    )

    @Option(help: "IMAP listen address (ADDR:PORT).")
    var imap: [String] = ["[::1]:1143", "127.0.0.1:1143"]

    @Option(help: "Implicit-TLS IMAP listen address (ADDR:PORT).")
    var imaps: String = "127.0.0.1:1993"

    @Option(help: "LMTP listen address (ADDR:PORT).")
    var lmtp: String = "127.0.0.1:1025"

    @Option(help: "Dovecot-compatible SASL auth listen address (ADDR:PORT).")
    var auth: String = "127.0.0.1:12345"

    @Option(help: "Data directory for the embedded store.")
    var data: String?

    @Option(help: "Storage URL: file:///path, memory:, or s3://bucket?endpoint=...&region=...")
    var storage: String?

    mutating func validate() throws {
        for address in imap + [imaps, lmtp, auth] where ListenAddress(address) == nil {
            throw ValidationError("'\(address)' is not ADDR:PORT (IPv6 in brackets, e.g. [::1]:1143)")
        }
        if let storage, !["file://", "memory:", "s3://"].contains(where: storage.hasPrefix) {
            throw ValidationError("unsupported storage URL '\(storage)': use file://, memory: or s3://")
        }
    }

    func run() throws {
        let dataDirectory = data ?? FileManager.default.currentDirectoryPath + "/tern-dev-data"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        print("tern dev")
        print("  data directory: \(dataDirectory)")
        print("  storage:        \(storage ?? "file://" + dataDirectory + "/store")")
        print("IMAP listener not yet available: this build contains the protocol engine only.")
    }
}

/// `ADDR:PORT` with IPv6 addresses in brackets.
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
