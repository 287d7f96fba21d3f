// RFC 9051 §6.2.2 AUTHENTICATE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_2_2 = RFCTranscript(
        reference: "RFC 9051 §6.2.2 AUTHENTICATE Command",
        text: ##"""
            # joined: the RFC breaks the greeting and the base64 challenges and responses over lines "for editorial clarity".
            # The RFC notes that "+" is followed by a space; <SP> marks that trailing space.
            # CA: lines are client continuation data inside AUTHENTICATE (SASL responses), not commands.
            S: * OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI] Capabilities
            C: A001 AUTHENTICATE GSSAPI
            S: +<SP>
            CA: YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB1Lndhc2hpbmd0b24uZWR1oi0wK6ADAgEDoSQwIhsEaW1hcBsac2hpdmFtcy5jYWMud2FzaGluZ3Rvbi5lZHWjgdMwgdCgAwIBAaEDAgEDooHDBIHAcS1GSa5b+fXnPZNmXB9SjL8Ollj2SKyb+3S0iXMljen/jNkpJXAleKTz6BQPzj8duz8EtoOuNfKgweViyn/9B9bccy1uuAE2HI0yC/PHXNNU9ZrBziJ8Lm0tTNc98kUpjXnHZhsMcz5Mx2GR6dGknbI0iaGcRerMUsWOuBmKKKRmVMMdR9T3EZdpqsBd7jZCNMWotjhivd5zovQlFqQ2Wjc2+y46vKP/iXxWIuQJuDiisyXF0Y8+5GTpALpHDc1/pIGmMIGjoAMCAQGigZsEgZg2on5mSuxoDHEA1w9bcW9nFdFxDKpdrQhVGVRDIzcCMCTzvUboqb5KjY1NJKJsfjRQiBYBdENKfzK+g5DlV8nrw81uOcP8NOQCLR5XkoMHC0Dr/80ziQzbNqhxO6652Npft0LQwJvenwDI13YxpwOdMXzkWZN/XrEqOWp6GCgXTBvCyLWLlWnbaUkZdEYbKHBPjd8t/1x5Yg==
            S: + YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg==
            CA:
            S: + YDMGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=
            CA: YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=
            S: A001 OK GSSAPI authentication successful
            # Second example: an initial response (SASL-IR).
            S: * OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED] Server ready
            C: A01 STARTTLS
            S: A01 OK STARTTLS completed
            # <TLS negotiation, further commands are under TLS layer>
            C: A02 CAPABILITY
            S: * CAPABILITY IMAP4rev2 AUTH=GSSAPI AUTH=PLAIN
            S: A02 OK CAPABILITY completed
            C: A03 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=
            S: A03 OK Success (tls protection)
            # Third example: without the initial response.
            # ... client connects to server and negotiates a TLS protection layer ...
            C: C01 CAPABILITY
            S: * CAPABILITY IMAP4rev2 AUTH=PLAIN
            S: C01 OK Completed
            C: A01 AUTHENTICATE PLAIN
            S: +<SP>
            CA: dGVzdAB0ZXN0AHRlc3Q=
            S: A01 OK Success (tls protection)
            # Fourth example: SASL EXTERNAL with an empty initial response.
            C: C01 CAPABILITY
            S: * CAPABILITY IMAP4rev2 AUTH=PLAIN AUTH=EXTERNAL
            S: C01 OK Completed
            C: A01 AUTHENTICATE EXTERNAL =
            S: A01 OK Success (tls protection)
            """##
    )
}
