// RFC 9051 §6.5 Client Commands - Experimental/Expansion: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_5 = RFCTranscript(
        reference: "RFC 9051 §6.5 Client Commands - Experimental/Expansion",
        text: ##"""
            C: a441 CAPABILITY
            S: * CAPABILITY IMAP4rev2 XPIG-LATIN
            S: a441 OK CAPABILITY completed
            C: A442 XPIG-LATIN
            S: * XPIG-LATIN ow-nay eaking-spay ig-pay atin-lay
            S: A442 OK XPIG-LATIN ompleted-cay
            """##
    )
}
