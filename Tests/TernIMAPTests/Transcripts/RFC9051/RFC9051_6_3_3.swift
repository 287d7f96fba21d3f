// RFC 9051 §6.3.3 EXAMINE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_3 = RFCTranscript(
        reference: "RFC 9051 §6.3.3 EXAMINE Command",
        text: ##"""
            C: A932 EXAMINE blurdybloop
            S: * 17 EXISTS
            S: * OK [UIDVALIDITY 3857529045] UIDs valid
            S: * OK [UIDNEXT 4392] Predicted next UID
            S: * LIST () "/" blurdybloop
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS ()] No permanent flags permitted
            S: A932 OK [READ-ONLY] EXAMINE completed
            """##
    )
}
