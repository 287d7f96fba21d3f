// RFC 9051 §7.3.5 FLAGS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_3_5 = RFCTranscript(
        reference: "RFC 9051 §7.3.5 FLAGS Response",
        text: ##"""
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            """##
    )
}
