// RFC 9051 §7.3.4 ESEARCH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_3_4 = RFCTranscript(
        reference: "RFC 9051 §7.3.4 ESEARCH Response",
        text: ##"""
            S: * ESEARCH UID COUNT 17 ALL 4:18,21,28
            S: * ESEARCH (TAG "a567") UID COUNT 17 ALL 4:18,21,28
            S: * ESEARCH COUNT 18 ALL 1:17,21
            """##
    )
}
