// RFC 3501 §7.2.5 SEARCH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_5 = RFCTranscript(
        reference: "RFC 3501 §7.2.5 SEARCH Response",
        text: ##"""
            S: * SEARCH 2 3 6
            """##
    )
}
