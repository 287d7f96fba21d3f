import TernIMAP

/// provision: log in, create the folders the mixed profile uses (a NO because one exists is fine),
/// APPEND `messages` generated messages to INBOX, log out.
public struct ProvisionScript: SessionScript {
    let credentials: Credentials
    let messages: Int
    private var stage = 0

    public init(credentials: Credentials, messages: Int) {
        self.credentials = credentials
        self.messages = messages
    }

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        stage += 1
        if stage == 1 { return .command(name: "LOGIN", credentials.login) }
        if stage == 2 && !result.ok { return .finish }
        let folderIndex = stage - 2
        if folderIndex < Folders.created.count {
            return .command(name: "CREATE", .create(MailboxName(utf8: Folders.created[folderIndex]), parameters: []))
        }
        let messageIndex = folderIndex - Folders.created.count
        if messageIndex < messages {
            return .append(name: "APPEND", mailbox: .inbox, user: credentials.index, index: messageIndex)
        }
        return .finish
    }
}
