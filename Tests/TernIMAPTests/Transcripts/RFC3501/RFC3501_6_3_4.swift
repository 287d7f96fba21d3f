// RFC 3501 §6.3.4 DELETE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_4 = RFCTranscript(
        reference: "RFC 3501 §6.3.4 DELETE Command",
        text: ##"""
            C: A682 LIST "" *
            S: * LIST () "/" blurdybloop
            S: * LIST (\Noselect) "/" foo
            S: * LIST () "/" foo/bar
            S: A682 OK LIST completed
            C: A683 DELETE blurdybloop
            S: A683 OK DELETE completed
            C: A684 DELETE foo
            S: A684 NO Name "foo" has inferior hierarchical names
            C: A685 DELETE foo/bar
            S: A685 OK DELETE Completed
            C: A686 LIST "" *
            S: * LIST (\Noselect) "/" foo
            S: A686 OK LIST completed
            C: A687 DELETE foo
            S: A687 OK DELETE Completed
            C: A82 LIST "" *
            S: * LIST () "." blurdybloop
            S: * LIST () "." foo
            S: * LIST () "." foo.bar
            S: A82 OK LIST completed
            C: A83 DELETE blurdybloop
            S: A83 OK DELETE completed
            C: A84 DELETE foo
            S: A84 OK DELETE Completed
            C: A85 LIST "" *
            S: * LIST () "." foo.bar
            S: A85 OK LIST completed
            C: A86 LIST "" %
            S: * LIST (\Noselect) "." foo
            S: A86 OK LIST completed
            """##
    )
}
