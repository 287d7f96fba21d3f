// RFC 3501 §6.3.10 STATUS Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_10 = RFCTranscript(
        reference: "RFC 3501 §6.3.10 STATUS Command",
        text: ##"""
            C: A042 STATUS blurdybloop (UIDNEXT MESSAGES)
            S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)
            S: A042 OK STATUS completed
            """##
    )
}
