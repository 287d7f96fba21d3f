/// Reissues (rule 7): a message whose group's highest incarnation is late is shown nowhere, so a
/// frontend that sees one announces it again under a new UID in its own slot. The new incarnation
/// carries everything of the one it follows but its id and UID, and names the group's first
/// incarnation in `reissueOf`; its UID is above its writer's view, so it is the group's highest
/// there, and shown unless a concurrent append makes it late in turn.
extension MailboxState {
    /// The messages to reissue, as new messages for one append operation: for every group that is
    /// not expunged and whose highest incarnation is late, ascending by that incarnation's UID, at
    /// most `limit`. Empty when every group shows (the common case costs one pass over the late
    /// incarnations, which are few).
    public func pendingReissues(
        limit: Int = MailboxOperationLimits.maxAppendsPerOperation,
        using generator: inout some RandomNumberGenerator
    ) -> [NewMessage] {
        var followed: [AppendPayload] = []
        for id in lateMessages {
            guard let entry = messages[id], entry.expungeOperations.isEmpty else { continue }
            let members = groupMembers[Self.groupKey(of: entry.append)] ?? [id]
            let incarnations = members.compactMap { messages[$0] }
            guard let highest = incarnations.max(by: { $0.append.uid < $1.append.uid }),
                highest.append.messageID == id,
                !incarnations.contains(where: { !$0.expungeOperations.isEmpty })
            else { continue }
            followed.append(entry.append)
        }
        followed.sort { $0.uid < $1.uid }
        return followed.prefix(max(0, limit)).map { append in
            NewMessage(
                messageID: .random(using: &generator), blobReference: append.blobReference,
                metadataReference: append.metadataReference, flags: append.flags,
                internalDateMillis: append.internalDateMillis, size: append.size, moveOrigin: append.moveOrigin,
                reissueOf: append.reissueOf ?? append.messageID)
        }
    }
}
