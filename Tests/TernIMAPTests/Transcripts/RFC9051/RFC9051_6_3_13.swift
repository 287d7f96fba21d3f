// RFC 9051 §6.3.13 IDLE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_13 = RFCTranscript(
        reference: "RFC 9051 §6.3.13 IDLE Command",
        text: ##"""
            # CA: DONE is the client's continuation that ends IDLE, not a command.
            C: A001 SELECT INBOX
            S: * FLAGS (\Deleted \Seen \Flagged)
            S: * OK [PERMANENTFLAGS (\Deleted \Seen \Flagged)] Limited
            S: * 3 EXISTS
            S: * OK [UIDVALIDITY 1]
            S: * OK [UIDNEXT 1]
            S: * LIST () "/" INBOX
            S: A001 OK [READ-WRITE] SELECT completed
            C: A002 IDLE
            S: + idling
            # ...time passes; new mail arrives...
            S: * 4 EXISTS
            CA: DONE
            S: A002 OK IDLE terminated
            # ...another client expunges message 2 now...
            C: A003 FETCH 4 ALL
            # malformed: "(...)" elides the FETCH data, which is not msg-att.
            S?: * 4 FETCH (...)
            S: A003 OK FETCH completed
            C: A004 IDLE
            S: * 2 EXPUNGE
            S: * 3 EXISTS
            S: + idling
            # ...time passes; another client expunges message 3...
            S: * 3 EXPUNGE
            S: * 2 EXISTS
            # ...time passes; new mail arrives...
            S: * 3 EXISTS
            CA: DONE
            S: A004 OK IDLE terminated
            C: A005 FETCH 3 ALL
            # malformed: "(...)" elides the FETCH data.
            S?: * 3 FETCH (...)
            S: A005 OK FETCH completed
            C: A006 IDLE
            """##
    )
}
