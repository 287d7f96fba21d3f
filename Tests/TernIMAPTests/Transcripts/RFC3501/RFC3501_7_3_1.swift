// RFC 3501 §7.3.1 EXISTS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_3_1 = RFCTranscript(
        reference: "RFC 3501 §7.3.1 EXISTS Response",
        text: ##"""
            S: * 23 EXISTS
            """##
    )
}
