// RFC 9051 §7.3.3 STATUS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_3_3 = RFCTranscript(
        reference: "RFC 9051 §7.3.3 STATUS Response",
        text: ##"""
            S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)
            """##
    )
}
