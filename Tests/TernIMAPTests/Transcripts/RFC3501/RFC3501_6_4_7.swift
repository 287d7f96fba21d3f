// RFC 3501 §6.4.7 COPY Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_7 = RFCTranscript(
        reference: "RFC 3501 §6.4.7 COPY Command",
        text: ##"""
            C: A003 COPY 2:4 MEETING
            S: A003 OK COPY completed
            """##
    )
}
