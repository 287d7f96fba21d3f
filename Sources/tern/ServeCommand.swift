import ArgumentParser
import Foundation
import Logging
import TernServer

/// `tern serve --config FILE`: the production server (configuration reference: docs/admin.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server from a TOML configuration file."
    )

    @Option(help: "Configuration file (TOML).")
    var config: String

    @Flag(name: .customLong("check"), help: "Only validate the configuration and exit.")
    var checkOnly = false

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(file: config)
        } catch {
            throw ValidationError("\(config): \(error)")
        }
        if checkOnly {
            print("\(config): configuration is valid")
            return
        }
        // Every line escaped and capped: values from the network must never start a log line.
        configuration.logFormat.bootstrapStandardError(level: configuration.logLevel)
        let logger = Logger(label: "tern")
        try await ServerRuntime.run(configuration: configuration, logger: logger) { report in
            logger.notice("ready", metadata: ["ready": "\(report.readyLine)"])
            print(report.readyLine)
            fflush(nil)  // scripts wait for the ready line on a pipe
        }
    }
}
