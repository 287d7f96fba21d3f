// RFC 3501 §6.5.1 X<atom> Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_5_1 = RFCTranscript(
        reference: "RFC 3501 §6.5.1 X<atom> Command",
        text: ##"""
            C: a441 CAPABILITY
            S: * CAPABILITY IMAP4rev1 XPIG-LATIN
            S: a441 OK CAPABILITY completed
            C: A442 XPIG-LATIN
            S: * XPIG-LATIN ow-nay eaking-spay ig-pay atin-lay
            S: A442 OK XPIG-LATIN ompleted-cay
            """##
    )
}
