// RFC 3501 §6.3.3 CREATE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_3 = RFCTranscript(
        reference: "RFC 3501 §6.3.3 CREATE Command",
        text: ##"""
            C: A003 CREATE owatagusiam/
            S: A003 OK CREATE completed
            C: A004 CREATE owatagusiam/blurdybloop
            S: A004 OK CREATE completed
            """##
    )
}
