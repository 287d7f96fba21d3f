// RFC 9051 §7.6 Command Continuation Request: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_6 = RFCTranscript(
        reference: "RFC 9051 §7.6 Command Continuation Request",
        text: ##"""
            C: A001 LOGIN {11}
            S: + Ready for additional command text
            C: FRED FOOBAR {7}
            S: + Ready for additional command text
            C: fat man
            S: A001 OK LOGIN completed
            # malformed as a transcript: BLURDYBLOOP is no command, and the server rejects it before the literal is sent,
            # so the announced 102856 bytes never follow.
            C?: A044 BLURDYBLOOP {102856}
            S: A044 BAD No such command as "BLURDYBLOOP"
            """##
    )
}
