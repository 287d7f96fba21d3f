// RFC 3501 §6.3.8 LIST Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_8 = RFCTranscript(
        reference: "RFC 3501 §6.3.8 LIST Command",
        text: ##"""
            C: A101 LIST "" ""
            S: * LIST (\Noselect) "/" ""
            S: A101 OK LIST Completed
            C: A102 LIST #news.comp.mail.misc ""
            S: * LIST (\Noselect) "." #news.
            S: A102 OK LIST Completed
            C: A103 LIST /usr/staff/jones ""
            S: * LIST (\Noselect) "/" /
            S: A103 OK LIST Completed
            C: A202 LIST ~/Mail/ %
            S: * LIST (\Noselect) "/" ~/Mail/foo
            S: * LIST () "/" ~/Mail/meetings
            S: A202 OK LIST completed
            """##
    )
}
