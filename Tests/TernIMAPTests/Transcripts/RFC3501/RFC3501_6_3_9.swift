// RFC 3501 §6.3.9 LSUB Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_9 = RFCTranscript(
        reference: "RFC 3501 §6.3.9 LSUB Command",
        text: ##"""
            C: A002 LSUB "#news." "comp.mail.*"
            S: * LSUB () "." #news.comp.mail.mime
            S: * LSUB () "." #news.comp.mail.misc
            S: A002 OK LSUB completed
            C: A003 LSUB "#news." "comp.%"
            S: * LSUB (\NoSelect) "." #news.comp.mail
            S: A003 OK LSUB completed
            """##
    )
}
