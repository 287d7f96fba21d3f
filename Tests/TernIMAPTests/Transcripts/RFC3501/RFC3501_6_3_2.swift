// RFC 3501 §6.3.2 EXAMINE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_2 = RFCTranscript(
        reference: "RFC 3501 §6.3.2 EXAMINE Command",
        text: ##"""
            C: A932 EXAMINE blurdybloop
            S: * 17 EXISTS
            S: * 2 RECENT
            S: * OK [UNSEEN 8] Message 8 is first unseen
            S: * OK [UIDVALIDITY 3857529045] UIDs valid
            S: * OK [UIDNEXT 4392] Predicted next UID
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS ()] No permanent flags permitted
            S: A932 OK [READ-ONLY] EXAMINE completed
            """##
    )
}
