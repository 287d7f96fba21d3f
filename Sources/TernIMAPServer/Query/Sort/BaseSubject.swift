import TernMIME

/// The "base subject" of RFC 5256 section 2.1, used by SORT SUBJECT and THREAD to group replies and
/// forwards with their original.
public enum BaseSubject {
    /// The base subject of a raw Subject header value (RFC 2047 decoded first); "" when there is none.
    public static func extract(_ rawSubject: [UInt8]?) -> String {
        extractMarkingReplies(rawSubject).base
    }

    /// The base subject, and whether extracting it removed a reply or forward marker (RFC 5256
    /// section 4, step 6: such a message joins the thread of the unmarked one).
    static func extractMarkingReplies(_ rawSubject: [UInt8]?) -> (base: String, isReplyOrForward: Bool) {
        guard let rawSubject else { return ("", false) }
        // (1) decode, turn tabs and continuations into spaces, collapse runs of spaces.
        var text: [UInt8] = []
        for byte in EncodedWordDecoder.decode(rawSubject).utf8 {
            let mapped: UInt8 = byte == 0x09 || byte == 0x0D || byte == 0x0A ? 0x20 : byte
            if mapped == 0x20, text.last == 0x20 { continue }
            text.append(mapped)
        }
        var subject = text[...]
        var marked = false
        while true {
            // (2) remove trailers: "(fwd)" and white space.
            while true {
                if subject.last == 0x20 {
                    subject = subject.dropLast()
                } else if hasSuffixIgnoringCase(subject, "(fwd)") {
                    subject = subject.dropLast(5)
                    marked = true
                } else {
                    break
                }
            }
            // (3)-(5) remove leaders and blobs until none is left.
            while true {
                if let rest = removeLeader(subject) {
                    if rest.marked { marked = true }
                    subject = rest.remainder
                    continue
                }
                if let rest = removeBlob(subject), !rest.isEmpty {
                    subject = rest
                    continue
                }
                break
            }
            // (6) "[fwd: ... ]" wraps a forwarded subject: unwrap and start over.
            if hasPrefixIgnoringCase(subject, "[fwd:"), subject.last == UInt8(ascii: "]") {
                subject = subject.dropFirst(5).dropLast()
                marked = true
                continue
            }
            break
        }
        return (String(decoding: subject, as: UTF8.self), marked)
    }

    /// subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
    private static func removeLeader(_ subject: ArraySlice<UInt8>) -> (remainder: ArraySlice<UInt8>, marked: Bool)? {
        if subject.first == 0x20 { return (subject.dropFirst(), false) }
        var rest = subject
        while let afterBlob = removeBlob(rest) { rest = afterBlob }
        if hasPrefixIgnoringCase(rest, "re") {
            rest = rest.dropFirst(2)
        } else if hasPrefixIgnoringCase(rest, "fwd") {
            rest = rest.dropFirst(3)
        } else if hasPrefixIgnoringCase(rest, "fw") {
            rest = rest.dropFirst(2)
        } else {
            return nil
        }
        while rest.first == 0x20 { rest = rest.dropFirst() }
        if let afterBlob = removeBlob(rest) { rest = afterBlob }
        guard rest.first == UInt8(ascii: ":") else { return nil }
        return (rest.dropFirst(), true)
    }

    /// subj-blob = "[" *BLOBCHAR "]" *WSP, BLOBCHAR = any char except "[" and "]".
    private static func removeBlob(_ subject: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard subject.first == UInt8(ascii: "[") else { return nil }
        var index = subject.index(after: subject.startIndex)
        while index < subject.endIndex {
            let byte = subject[index]
            if byte == UInt8(ascii: "[") { return nil }
            if byte == UInt8(ascii: "]") {
                var rest = subject[subject.index(after: index)...]
                while rest.first == 0x20 { rest = rest.dropFirst() }
                return rest
            }
            index = subject.index(after: index)
        }
        return nil
    }

    private static func hasPrefixIgnoringCase(_ text: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let prefix = Array(prefix.utf8)
        guard text.count >= prefix.count else { return false }
        return zip(text, prefix).allSatisfy { ASCIIFold.lower($0) == $1 }
    }

    private static func hasSuffixIgnoringCase(_ text: ArraySlice<UInt8>, _ suffix: String) -> Bool {
        let suffix = Array(suffix.utf8)
        guard text.count >= suffix.count else { return false }
        return zip(text.suffix(suffix.count), suffix).allSatisfy { ASCIIFold.lower($0) == $1 }
    }
}
