// RFC 3501 §7.2.6 FLAGS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_6 = RFCTranscript(
        reference: "RFC 3501 §7.2.6 FLAGS Response",
        text: ##"""
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            """##
    )
}
