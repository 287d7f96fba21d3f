// RFC 9051 §7.1.2 NO Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_1_2 = RFCTranscript(
        reference: "RFC 9051 §7.1.2 NO Response",
        text: ##"""
            C: A222 COPY 1:2 owatagusiam
            S: * NO Disk is 98% full, please delete unnecessary data
            S: A222 OK COPY completed
            C: A223 COPY 3:200 blurdybloop
            S: * NO Disk is 98% full, please delete unnecessary data
            S: * NO Disk is 99% full, please delete unnecessary data
            S: A223 NO COPY failed: disk is full
            """##
    )
}
