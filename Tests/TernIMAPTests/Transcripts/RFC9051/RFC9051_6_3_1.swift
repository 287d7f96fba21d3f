// RFC 9051 §6.3.1 ENABLE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_1 = RFCTranscript(
        reference: "RFC 9051 §6.3.1 ENABLE Command",
        text: ##"""
            C: t1 CAPABILITY
            S: * CAPABILITY IMAP4rev2 ID LITERAL+ X-GOOD-IDEA
            S: t1 OK foo
            C: t2 ENABLE CONDSTORE X-GOOD-IDEA
            S: * ENABLED X-GOOD-IDEA
            S: t2 OK foo
            C: t3 CAPABILITY
            S: * CAPABILITY IMAP4rev2 ID LITERAL+ X-GOOD-IDEA
            S: t3 OK foo again
            C: a1 ENABLE CONDSTORE
            S: * ENABLED CONDSTORE
            S: a1 OK Conditional Store enabled
            """##
    )
}
