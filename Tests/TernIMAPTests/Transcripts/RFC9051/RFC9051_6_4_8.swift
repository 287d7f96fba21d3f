// RFC 9051 §6.4.8 MOVE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_4_8 = RFCTranscript(
        reference: "RFC 9051 §6.4.8 MOVE Command",
        text: ##"""
            C: a UID MOVE 42:69 foo
            S: * OK [COPYUID 432432 42:69 1202:1229]
            S: * 22 EXPUNGE
            # ...More EXPUNGE responses from the server...
            S: a OK Done
            """##
    )
}
