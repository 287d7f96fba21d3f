/// Parses one command line (without its line ending) into a command, or into the error reply to send.
public enum LMTPCommandParser {
    public enum Outcome: Hashable, Sendable {
        case command(LMTPCommand)
        case error(LMTPReply)
    }

    public static func parse(_ line: [UInt8]) -> Outcome {
        let verbEnd = line.firstIndex(of: UInt8(ascii: " ")) ?? line.count
        let verb = String(decoding: line[..<verbEnd], as: UTF8.self).uppercased()
        let argument = Array(line[min(verbEnd + 1, line.count)...])
        let hasArgument = verbEnd < line.count
        switch verb {
        case "LHLO":
            return parseLHLO(argument)
        case "HELO", "EHLO":
            return .command(.smtpGreeting)
        case "MAIL":
            return parseMail(line)
        case "RCPT":
            return parseRcpt(line)
        case "DATA":
            return hasArgument ? .error(.syntax("DATA")) : .command(.data)
        case "RSET":
            return hasArgument ? .error(.syntax("RSET")) : .command(.rset)
        case "QUIT":
            return hasArgument ? .error(.syntax("QUIT")) : .command(.quit)
        case "NOOP":
            return .command(.noop)
        case "VRFY":
            return hasArgument ? .command(.vrfy) : .error(.syntax("VRFY <address>"))
        case "HELP":
            return .command(.help)
        case "EXPN", "STARTTLS", "BDAT", "TURN", "ETRN", "ATRN", "SEND", "SOML", "SAML", "AUTH", "BURL":
            return .command(.unsupportedCommand(verb: verb))
        default:
            return .error(.unknownCommand)
        }
    }

    private static func parseLHLO(_ argument: [UInt8]) -> Outcome {
        let domain = argument.drop(while: { $0 == UInt8(ascii: " ") })
        guard !domain.isEmpty, domain.allSatisfy({ (33...126).contains($0) || $0 == UInt8(ascii: " ") }) else {
            return .error(.syntax("LHLO <hostname>"))
        }
        let name = domain.prefix(while: { $0 != UInt8(ascii: " ") })
        return .command(.lhlo(domain: String(decoding: name, as: UTF8.self)))
    }

    /// `MAIL FROM:<path> [SP params]`; spaces after the colon are tolerated, as most servers do.
    private static func parseMail(_ line: [UInt8]) -> Outcome {
        let usage = "MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8]"
        guard let pathStart = afterKeyword("MAIL FROM:", in: line),
            let scanned = LMTPPathParser.scanPath(line, from: pathStart, allowNull: true)
        else { return .error(.syntax(usage)) }
        if let address = scanned.address, address.domain.isEmpty { return .error(.syntax(usage)) }
        switch LMTPMailParameterParser.parse(Array(line[scanned.end...])) {
        case .success(let parameters):
            return .command(.mail(reversePath: scanned.address, parameters: parameters))
        case .failure(let failure):
            return .error(failure.reply)
        }
    }

    private static func parseRcpt(_ line: [UInt8]) -> Outcome {
        let usage = "RCPT TO:<address>"
        guard let pathStart = afterKeyword("RCPT TO:", in: line),
            let scanned = LMTPPathParser.scanPath(line, from: pathStart, allowNull: false),
            let address = scanned.address
        else { return .error(.syntax(usage)) }
        let rest = line[scanned.end...]
        guard rest.allSatisfy({ $0 == UInt8(ascii: " ") }) else {
            // RCPT parameters (NOTIFY, ORCPT) belong to DSN, which is not advertised.
            let name = rest.drop(while: { $0 == UInt8(ascii: " ") }).prefix(while: {
                $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: " ")
            })
            return .error(.unsupportedParameter(String(decoding: name, as: UTF8.self)))
        }
        return .command(.rcpt(forwardPath: address))
    }

    /// Index of the first non-space byte after a case-insensitive keyword, or nil if the line does not start with it.
    private static func afterKeyword(_ keyword: String, in line: [UInt8]) -> Int? {
        let key = Array(keyword.utf8)
        guard line.count >= key.count else { return nil }
        for (byte, expected) in zip(line, key) where asciiUpper(byte) != expected { return nil }
        var index = key.count
        while index < line.count, line[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }

    static func asciiUpper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }
}
