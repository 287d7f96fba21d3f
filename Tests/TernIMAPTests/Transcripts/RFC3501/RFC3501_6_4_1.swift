// RFC 3501 §6.4.1 CHECK Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_1 = RFCTranscript(
        reference: "RFC 3501 §6.4.1 CHECK Command",
        text: ##"""
            C: FXXZ CHECK
            S: FXXZ OK CHECK Completed
            """##
    )
}
