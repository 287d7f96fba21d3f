/// Escaping for text Tern puts into XML request bodies (object keys in DeleteObjects, ETags in
/// CompleteMultipartUpload). Keys are validated to hold no control characters, so escaping the
/// five markup characters is enough.
enum S3XMLEscaping {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
