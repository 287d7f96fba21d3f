// RFC 3501 §7.4.2 FETCH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_4_2 = RFCTranscript(
        reference: "RFC 3501 §7.4.2 FETCH Response",
        text: ##"""
            S: * 23 FETCH (FLAGS (\Seen) RFC822.SIZE 44827)
            """##
    )
}
