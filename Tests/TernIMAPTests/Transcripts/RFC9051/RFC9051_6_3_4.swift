// RFC 9051 §6.3.4 CREATE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_4 = RFCTranscript(
        reference: "RFC 9051 §6.3.4 CREATE Command",
        text: ##"""
            C: A003 CREATE owatagusiam/
            S: A003 OK CREATE completed
            C: A004 CREATE owatagusiam/blurdybloop
            S: A004 OK CREATE completed
            C: A005 CREATE NonNormalized
            S: * LIST () "/" "Normalized" ("OLDNAME" ("NonNormalized"))
            S: A005 OK CREATE completed
            """##
    )
}
