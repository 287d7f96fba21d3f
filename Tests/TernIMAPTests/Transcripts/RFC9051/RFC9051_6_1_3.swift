// RFC 9051 §6.1.3 LOGOUT Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_1_3 = RFCTranscript(
        reference: "RFC 9051 §6.1.3 LOGOUT Command",
        text: ##"""
            C: A023 LOGOUT
            S: * BYE IMAP4rev2 Server logging out
            S: A023 OK LOGOUT completed
            """##
    )
}
