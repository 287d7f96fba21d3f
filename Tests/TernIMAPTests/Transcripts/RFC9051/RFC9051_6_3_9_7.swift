// RFC 9051 §6.3.9.7 OLDNAME Extended Data Item: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_9_7 = RFCTranscript(
        reference: "RFC 9051 §6.3.9.7 OLDNAME Extended Data Item",
        text: ##"""
            S: * LIST (\NonExistent) "." "INBOX.DeletedMailbox"
            S: * LIST () "/" "NewMailbox" ("OLDNAME" ("OldMailbox"))
            """##
    )
}
