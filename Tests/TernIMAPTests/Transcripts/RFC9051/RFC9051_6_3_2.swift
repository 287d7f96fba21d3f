// RFC 9051 §6.3.2 SELECT Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_2 = RFCTranscript(
        reference: "RFC 9051 §6.3.2 SELECT Command",
        text: ##"""
            # joined: the PERMANENTFLAGS line of the second example is wrapped in the RFC.
            C: A142 SELECT INBOX
            S: * 172 EXISTS
            S: * OK [UIDVALIDITY 3857529045] UIDs valid
            S: * OK [UIDNEXT 4392] Predicted next UID
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited
            S: * LIST () "/" INBOX
            S: A142 OK [READ-WRITE] SELECT completed
            C: A142 SELECT INBOX
            S: * 172 EXISTS
            S: * OK [UIDVALIDITY 3857529045] UIDs valid
            S: * OK [UIDNEXT 4392] Predicted next UID
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited
            S: A142 OK [READ-WRITE] SELECT completed
            # [...some time later...]
            C: A143 SELECT Drafts
            S: * OK [CLOSED] Previous mailbox is now closed
            S: * 5 EXISTS
            S: * OK [UIDVALIDITY 9877410381] UIDs valid
            S: * OK [UIDNEXT 102] Predicted next UID
            S: * LIST () "/" Drafts
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS (\Deleted \Seen \Answered \Flagged \Draft \*)] System flags and keywords allowed
            S: A143 OK [READ-WRITE] SELECT completed
            """##
    )
}
