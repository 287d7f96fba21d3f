import ArgumentParser
import Foundation
import TernServer

/// `tern config check FILE`: validate a configuration and print it as Tern will run it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configuration files.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file and print every setting with its effective value.",
            discussion: """
                Prints TOML with every key, defaults filled in (like doveconf -n). On an error it prints \
                FILE: KEY: REASON on standard error and exits 1.
                """
        )

        @Argument(help: "Configuration file (TOML).")
        var file: String

        func run() async throws {
            do {
                let configuration = try ServerConfiguration.load(file: file)
                print("# \(file): valid; effective settings:")
                print(configuration.effectiveTOML, terminator: "")
            } catch {
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
