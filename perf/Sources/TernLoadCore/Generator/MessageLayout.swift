/// The MIME skeleton of a generated message: headers and boundaries as fixed bytes, bodies as filler
/// segments sized so the whole message has exactly `spec.size` bytes.
enum MessageLayout {
    static func segments(for spec: MessageSpec, user: String, random: inout SplitMix64) -> [MessageStream.Segment] {
        let from = Vocabulary.names[Int(random.next() % UInt64(Vocabulary.names.count))]
        var subjectWords: [String] = []
        for _ in 0..<4 {
            subjectWords.append(String(decoding: Vocabulary.words[Int(random.next() % UInt64(Vocabulary.words.count))], as: UTF8.self))
        }
        if spec.hasRareWord { subjectWords.append(MessageGenerator.rareWord) }
        let boundary = "=_tern_\(String(spec.seed, radix: 16))"
        var headers = """
            Return-Path: <sender@example.net>\r
            Received: from mx.example.net (mx.example.net [192.0.2.10])\r
            \tby mail.example.org with ESMTPS; \(rfc5322Date(spec.date))\r
            Date: \(rfc5322Date(spec.date))\r
            From: \(from) <\(from.lowercased().filter { $0.isLetter })@example.net>\r
            To: \(user)@example.org\r
            Subject: \(subjectWords.joined(separator: " "))\r
            Message-ID: <\(String(spec.seed, radix: 36))@example.net>\r
            MIME-Version: 1.0\r

            """
        switch spec.kind {
        case .plain:
            headers += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            let head = Array(headers.utf8)
            return [.fixed(head), .text(count: max(0, spec.size - head.count))]
        case .html:
            headers += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            let head = Array((headers + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").utf8)
            let middle = Array("\r\n--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>".utf8)
            let tail = Array("</p></body></html>\r\n--\(boundary)--\r\n".utf8)
            let fill = max(0, spec.size - head.count - middle.count - tail.count)
            return [.fixed(head), .text(count: fill / 3), .fixed(middle), .text(count: fill - fill / 3), .fixed(tail)]
        case .attachment:
            headers += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
            let head = Array((headers + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").utf8)
            let middle = Array("""
                \r
                --\(boundary)\r
                Content-Type: application/pdf; name="document-\(spec.seed % 1000).pdf"\r
                Content-Disposition: attachment; filename="document-\(spec.seed % 1000).pdf"\r
                Content-Transfer-Encoding: base64\r
                \r

                """.utf8)
            let tail = Array("--\(boundary)--\r\n".utf8)
            let available = max(0, spec.size - head.count - middle.count - tail.count)
            // Leave 200..277 bytes of text in front; the rest is whole base64 lines.
            let lines = max(0, (available - 200) / 78)
            return [.fixed(head), .text(count: available - lines * 78), .fixed(middle), .base64(lines: lines), .fixed(tail)]
        }
    }

    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Thu, 01 Jan 1970 00:00:00 +0000` for seconds since the epoch (UTC, proleptic Gregorian).
    static func rfc5322Date(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        let dayNumber = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: dayNumber)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[dayNumber % 7]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }

    /// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's civil-from-days algorithm).
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
