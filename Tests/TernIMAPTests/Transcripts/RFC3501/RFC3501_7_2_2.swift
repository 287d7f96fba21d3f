// RFC 3501 §7.2.2 LIST Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_2 = RFCTranscript(
        reference: "RFC 3501 §7.2.2 LIST Response",
        text: ##"""
            S: * LIST (\Noselect) "/" ~/Mail/foo
            """##
    )
}
