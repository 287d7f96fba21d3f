extension Mailbox {
    /// `waitPosition` together with a view that holds everything up to it, read without storage.
    /// A session reports that view before it waits past the position: another writer of this
    /// process (a session of the same user, the background import) may have moved the log since
    /// the session's last sync, and a wait past the position would never wake for that change.
    public var waitPositionAndView: (position: String?, view: MailboxView) {
        get async {
            // Position first: an operation is applied to the state before its key is noted, so
            // the view read next includes everything up to the position.
            let position = await log.newestKey
            return (position, await currentView())
        }
    }
}
