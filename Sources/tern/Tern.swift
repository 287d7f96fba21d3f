import ArgumentParser

/// The `tern` command line: the server (`dev`, `serve`) and admin tools.
@main
struct Tern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Tern: an IMAP server whose state lives in storage, encrypted at rest.",
        subcommands: [DevCommand.self, ServeCommand.self, UserCommand.self, ConfigCommand.self]
    )
}
