// RFC 9051 §7.1.5 BYE Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_1_5 = RFCTranscript(
        reference: "RFC 9051 §7.1.5 BYE Response",
        text: ##"""
            S: * BYE Autologout; idle for too long
            """##
    )
}
