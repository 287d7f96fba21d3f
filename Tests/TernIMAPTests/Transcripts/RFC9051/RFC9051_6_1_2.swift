// RFC 9051 §6.1.2 NOOP Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_1_2 = RFCTranscript(
        reference: "RFC 9051 §6.1.2 NOOP Command",
        text: ##"""
            C: a002 NOOP
            S: a002 OK NOOP completed
            # . . .
            C: a047 NOOP
            S: * 22 EXPUNGE
            S: * 23 EXISTS
            S: * 14 FETCH (UID 1305 FLAGS (\Seen \Deleted))
            S: a047 OK NOOP completed
            """##
    )
}
