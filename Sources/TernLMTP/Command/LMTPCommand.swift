/// One parsed LMTP command line.
public enum LMTPCommand: Hashable, Sendable {
    case lhlo(domain: String)
    /// HELO or EHLO: valid SMTP, refused in LMTP (RFC 2033 4.1).
    case smtpGreeting
    /// `reversePath` is nil for the null path `<>` (bounces).
    case mail(reversePath: LMTPAddress?, parameters: LMTPMailParameters)
    case rcpt(forwardPath: LMTPAddress)
    case data
    case rset
    case noop
    case quit
    case vrfy
    case help
    /// A known SMTP verb Tern does not implement here (EXPN, STARTTLS, BDAT, TURN, ...).
    case unsupportedCommand(verb: String)
}
