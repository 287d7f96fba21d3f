// RFC 3501 §7.1.5 BYE Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_1_5 = RFCTranscript(
        reference: "RFC 3501 §7.1.5 BYE Response",
        text: ##"""
            S: * BYE Autologout; idle for too long
            """##
    )
}
