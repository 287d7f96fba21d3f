// RFC 9051 §6.2.3 LOGIN Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_2_3 = RFCTranscript(
        reference: "RFC 9051 §6.2.3 LOGIN Command",
        text: ##"""
            C: a001 LOGIN SMITH SESAME
            S: a001 OK LOGIN completed
            """##
    )
}
