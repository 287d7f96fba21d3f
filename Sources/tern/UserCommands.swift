import ArgumentParser
import Logging
import TernMail
import TernServer
import TernStorage

/// `tern user add|passwd|list|delete`: manage users in the user file and their keys in storage, reading the same
/// configuration file as `tern serve`. Passwords come from the terminal (no echo) or stdin, never from arguments.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, change or delete users (user file and storage keys together).",
        subcommands: [Add.self, Passwd.self, List.self, Delete.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "Configuration file (TOML), the one `tern serve --config` reads.")
        var config: String

        /// Runs `body` with the user file and a mail service on the configured storage, as the server builds
        /// them; the storage runtime (S3 connections) is shut down afterwards, whatever `body` did.
        func withAdministration<T>(_ body: (UserAdministration) async throws -> T) async throws -> T {
            let configuration: ServerConfiguration
            do {
                configuration = try ServerConfiguration.load(file: config)
            } catch {
                throw ValidationError("\(config): \(error)")
            }
            let logger = Logger(label: "tern.user")
            let runtime = try StorageRuntime(s3Pool: configuration.s3Pool)
            do {
                let result = try await body(
                    try await administration(configuration: configuration, runtime: runtime, logger: logger))
                await runtime.shutdown()
                return result
            } catch {
                await runtime.shutdown()
                throw error
            }
        }

        private func administration(
            configuration: ServerConfiguration, runtime: StorageRuntime, logger: Logger
        ) async throws -> UserAdministration {
            let secret = try DeploymentSecret.load(file: configuration.deploymentSecretFile)
            let backend = try await StorageBackend.open(
                configuration.storage,
                runtime: runtime,
                s3Credentials: configuration.s3Credentials,
                logger: logger
            )
            let mailConfiguration = try MailServiceConfiguration(
                deploymentSecret: secret,
                // User administration writes keys and deletes, never a mailbox log operation: it claims no slot.
                writerSlot: 0,
                kdf: configuration.kdf,
                quotaBytes: configuration.quotaBytes,
                maxMessageBytes: configuration.limits.maxMessageBytes
            )
            let mail = MailService(
                rows: backend.rows,
                blobs: backend.blobs,
                configuration: mailConfiguration,
                logger: logger
            )
            return UserAdministration(userFile: configuration.userFile, mail: mail)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user: keys in storage and an entry in the user file (password from stdin or tty)."
        )
        @OptionGroup var options: Options
        @Argument(help: "Login (a bare name receives mail at name@<each domain of the user file>).")
        var name: String
        @Option(name: .customLong("alias"), help: "An extra address delivering to this user (repeatable).")
        var aliases: [String] = []

        func run() async throws {
            try await options.withAdministration { administration in
                let password = try UserTerminal.newPassword()
                try await administration.add(login: name, password: password, aliases: aliases)
            }
            print("user \(name) added")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a password (asks the current one; mail stays readable).",
            discussion: """
                Without a terminal, stdin holds the current password on the first line and the new one on the \
                second. --reset needs no current password but DELETES the user's mail (it is encrypted under \
                keys only the old password opens).
                """
        )
        @OptionGroup var options: Options
        @Argument var name: String
        @Flag(help: "Reset without the current password: deletes all of the user's mail.")
        var reset = false
        @Flag(help: "Do not ask for confirmation (with --reset).")
        var yes = false

        func run() async throws {
            try await options.withAdministration { administration in
                if reset {
                    guard yes || UserTerminal.confirm("Reset \(name)'s password and DELETE all of their mail?") else {
                        throw ExitCode(1)
                    }
                    try await administration.resetPassword(login: name, newPassword: try UserTerminal.newPassword())
                    print("password of \(name) reset; their mail was deleted")
                    return
                }
                let current = try UserTerminal.secret("Current password: ")
                let new = try UserTerminal.newPassword()
                try await administration.changePassword(login: name, currentPassword: current, newPassword: new)
                print("password of \(name) changed")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and the addresses they receive.")
        @OptionGroup var options: Options

        func run() async throws {
            for user in try await options.withAdministration({ try await $0.list() }) {
                var notes: [String] = []
                if !user.hasKeys { notes.append("no keys in storage") }
                if !user.canLogIn { notes.append("unusable password hash") }
                let suffix = notes.isEmpty ? "" : "  (\(notes.joined(separator: "; ")))"
                print("\(user.login)\t\(user.addresses.joined(separator: ", "))\(suffix)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user, their keys and all their mail.")
        @OptionGroup var options: Options
        @Argument var name: String
        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() async throws {
            guard yes || UserTerminal.confirm("Delete \(name) and ALL of their mail?") else { throw ExitCode(1) }
            try await options.withAdministration { try await $0.delete(login: name) }
            print("user \(name) deleted")
        }
    }
}
