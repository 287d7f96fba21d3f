import ArgumentParser

/// The `tern` command line: the server (`dev`, later `serve`) and admin tools.
@main
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Tern: an IMAP server whose state lives in storage, encrypted at rest.",
        subcommands: [DevCommand.self]
    )
}
