// RFC 3501 §6.3.5 RENAME Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_5 = RFCTranscript(
        reference: "RFC 3501 §6.3.5 RENAME Command",
        text: ##"""
            C: A682 LIST "" *
            S: * LIST () "/" blurdybloop
            S: * LIST (\Noselect) "/" foo
            S: * LIST () "/" foo/bar
            S: A682 OK LIST completed
            C: A683 RENAME blurdybloop sarasoop
            S: A683 OK RENAME completed
            C: A684 RENAME foo zowie
            S: A684 OK RENAME Completed
            C: A685 LIST "" *
            S: * LIST () "/" sarasoop
            S: * LIST (\Noselect) "/" zowie
            S: * LIST () "/" zowie/bar
            S: A685 OK LIST completed
            C: Z432 LIST "" *
            S: * LIST () "." INBOX
            S: * LIST () "." INBOX.bar
            S: Z432 OK LIST completed
            C: Z433 RENAME INBOX old-mail
            S: Z433 OK RENAME completed
            C: Z434 LIST "" *
            S: * LIST () "." INBOX
            S: * LIST () "." INBOX.bar
            S: * LIST () "." old-mail
            S: Z434 OK LIST completed
            """##
    )
}
