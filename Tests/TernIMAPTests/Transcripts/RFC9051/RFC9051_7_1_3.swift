// RFC 9051 §7.1.3 BAD Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_1_3 = RFCTranscript(
        reference: "RFC 9051 §7.1.3 BAD Response",
        text: ##"""
            # malformed: "...very long command line..." and "...empty line..." are prose placeholders, not commands.
            C?: ...very long command line...
            S: * BAD Command line too long
            C?: ...empty line...
            S: * BAD Empty command line
            C: A443 EXPUNGE
            S: * BAD Disk crash, attempting salvage to a new disk!
            S: * OK Salvage successful, no data lost
            S: A443 OK Expunge completed
            """##
    )
}
