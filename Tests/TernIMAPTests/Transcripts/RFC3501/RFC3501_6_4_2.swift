// RFC 3501 §6.4.2 CLOSE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_2 = RFCTranscript(
        reference: "RFC 3501 §6.4.2 CLOSE Command",
        text: ##"""
            C: A341 CLOSE
            S: A341 OK CLOSE completed
            """##
    )
}
