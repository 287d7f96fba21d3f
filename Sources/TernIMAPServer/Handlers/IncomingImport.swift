import TernMail

/// LMTP deliveries wait in the user's incoming queue, sealed to the user's public key, until a
/// session holding the user's keys imports them into INBOX (exactly once, see TernMail). Sessions
/// look at the queue whenever they look at INBOX: SELECT/EXAMINE, STATUS, NOOP/CHECK with INBOX
/// selected, and IDLE on INBOX, which also waits on the queue. A look imports a short queue
/// before answering and hands a long one to the account's background import, so the answer never
/// waits for it; the normal EXISTS updates report the batches as they land.
extension IMAPSession {
    /// Stored names are canonical (`MailboxNameCodec` spells INBOX in capitals), as the other handlers assume.
    static func isInbox(_ storedName: String) -> Bool { storedName == MailboxList.inbox }

    /// Never fails the command: on a storage error the mail stays queued for the next look.
    /// Returns how many messages the look imported before returning.
    @discardableResult
    func importIncoming(lookingAt storedName: String?) async -> Int {
        guard let storedName, Self.isInbox(storedName), let account else { return 0 }
        do {
            let count = try await account.importIncomingOnLook()
            if count > 0 { logger.info("imported delivered mail into INBOX", metadata: ["count": "\(count)"]) }
            return count
        } catch {
            logger.warning("importing delivered mail failed; it stays queued", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
