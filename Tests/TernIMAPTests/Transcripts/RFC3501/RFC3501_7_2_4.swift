// RFC 3501 §7.2.4 STATUS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_4 = RFCTranscript(
        reference: "RFC 3501 §7.2.4 STATUS Response",
        text: ##"""
            S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)
            """##
    )
}
