// RFC 9051 §6.3.11 STATUS Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_11 = RFCTranscript(
        reference: "RFC 9051 §6.3.11 STATUS Command",
        text: ##"""
            C: A042 STATUS blurdybloop (UIDNEXT MESSAGES)
            S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)
            S: A042 OK STATUS completed
            """##
    )
}
