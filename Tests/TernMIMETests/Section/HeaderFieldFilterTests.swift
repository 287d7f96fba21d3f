import Testing
import TernMIME

@Suite struct HeaderFieldFilterTests {
    let header = Array("From: a@b\r\nX-Long: one\r\n two\r\nsubject : hi\r\nTo: c@d\nNoColon\r\n\r\n".utf8)

    private func run(_ names: [String], exclude: Bool, chunk: Int? = nil) -> String {
        var filter = HeaderFieldFilter(names: names, exclude: exclude)
        var out: [UInt8] = []
        if let chunk {
            var i = 0
            while i < header.count {
                filter.feed(header[i..<min(header.count, i + chunk)], into: &out)
                i += chunk
            }
        } else {
            filter.feed(header, into: &out)
        }
        filter.finish(into: &out)
        return MIMEFixtures.text(out)
    }

    @Test func includeAndExclude() {
        #expect(run(["SUBJECT", "x-long"], exclude: false) == "X-Long: one\r\n two\r\nsubject : hi\r\n\r\n")
        #expect(run(["from", "x-long", "subject"], exclude: true) == "To: c@d\r\nNoColon\r\n\r\n")
        #expect(run(["nothing"], exclude: false) == "\r\n")
    }

    @Test func chunkingDoesNotMatter() {
        for size in 1...9 {
            #expect(run(["to", "x-long"], exclude: false, chunk: size) == run(["to", "x-long"], exclude: false))
            #expect(run(["from"], exclude: true, chunk: size) == run(["from"], exclude: true))
        }
    }

    @Test func headerWithoutBlankLine() {
        // Like Dovecot: the missing blank line is added only when the last field was filtered out.
        func filter(_ header: String, _ names: [String], exclude: Bool = false) -> String {
            MIMEFixtures.text(HeaderFieldFilter.filter(Array(header.utf8), names: names.map { Array($0.utf8) }, exclude: exclude))
        }
        #expect(filter("Subject: x\r\nFrom: y", ["from"]) == "From: y")
        #expect(filter("Subject: x\r\nFrom: y", ["subject"]) == "Subject: x\r\n\r\n")
        #expect(filter("Subject: x\r\nFrom: y\r\n", ["from"]) == "From: y\r\n")
        #expect(filter("Subject: x\r\nFrom: y\r\n", ["subject"]) == "Subject: x\r\n\r\n")
        #expect(filter("Subject: x\r\n", ["from"]) == "\r\n")
    }
}
