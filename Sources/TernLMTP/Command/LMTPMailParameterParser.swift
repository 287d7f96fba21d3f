/// Parses the ESMTP parameters after `MAIL FROM:<path>` (RFC 5321 4.1.2 esmtp-param).
enum LMTPMailParameterParser {
    struct Failure: Error, Equatable {
        var reply: LMTPReply
    }

    /// SIZE values with more digits than this are refused instead of overflowing.
    static let maxSizeDigits = 18

    static func parse(_ rest: [UInt8]) -> Result<LMTPMailParameters, Failure> {
        var parameters = LMTPMailParameters()
        var seen: Set<String> = []
        guard rest.isEmpty || rest.first == UInt8(ascii: " ") else {
            return .failure(Failure(reply: .syntax("MAIL FROM:<address> [parameters]")))
        }
        for word in rest.split(separator: UInt8(ascii: " ")) {
            let equals = word.firstIndex(of: UInt8(ascii: "="))
            let name = String(decoding: word[..<(equals ?? word.endIndex)], as: UTF8.self).uppercased()
            let value = equals.map { Array(word[($0 + 1)...]) }
            guard seen.insert(name).inserted else {
                return .failure(Failure(reply: .syntax("parameter \(LMTPReply.echo(name)) given twice")))
            }
            switch (name, value) {
            case ("SIZE", .some(let digits)):
                guard !digits.isEmpty, digits.count <= maxSizeDigits,
                    digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                    let size = Int(String(decoding: digits, as: UTF8.self))
                else { return .failure(Failure(reply: .syntax("SIZE=<number>"))) }
                parameters.size = size
            case ("BODY", .some(let raw)):
                switch String(decoding: raw, as: UTF8.self).uppercased() {
                case "7BIT": parameters.body = .sevenBit
                case "8BITMIME": parameters.body = .eightBitMIME
                default:
                    return .failure(
                        Failure(reply: .unsupportedParameter("BODY=\(String(decoding: raw, as: UTF8.self))"))
                    )
                }
            case ("SMTPUTF8", .none):
                parameters.smtpUTF8 = true
            default:
                return .failure(Failure(reply: .unsupportedParameter(name)))
            }
        }
        return .success(parameters)
    }
}
