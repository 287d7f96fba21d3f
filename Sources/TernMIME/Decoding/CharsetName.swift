/// Maps a MIME charset label to the name glibc's iconv knows, following what real mail uses.
///
/// Labels are matched case-insensitively. Supersets replace labels that real senders use for the
/// superset's bytes (GB2312 mail is routinely GBK; Shift_JIS mail routinely uses Windows code page
/// 932 extensions); the superset decodes the strict subset identically.
enum CharsetName {
    /// Labels longer than this are not charset names; refusing them keeps iconv_open's input sane.
    static let maxLength = 64

    /// UTF-8 and the labels decoded as UTF-8 (RFC 6532 makes raw UTF-8 legitimate; 8-bit bytes
    /// in mail labeled US-ASCII are almost always UTF-8).
    static func isUTF8(_ label: String) -> Bool {
        switch normalized(label) {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us": true
        default: false
        }
    }

    /// Candidate iconv names for a label, best first; empty if the label is not acceptable.
    static func iconvNames(for label: String) -> [String] {
        let name = normalized(label)
        guard !name.isEmpty, name.utf8.count <= maxLength,
            name.utf8.allSatisfy({ isLabelByte($0) })
        else { return [] }
        if let alias = aliases[name] { return [alias, name.uppercased()] }
        if name.hasPrefix("windows-"), let number = Int(name.dropFirst("windows-".count)) {
            return ["CP\(number)", name.uppercased()]
        }
        if name.hasPrefix("x-") { return [name.uppercased(), String(name.dropFirst(2)).uppercased()] }
        return [name.uppercased()]
    }

    static func normalized(_ label: String) -> String {
        var name = label.lowercased()
        name = String(name.drop(while: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\t" }))
        while let last = name.last, last == " " || last == "\"" || last == "'" || last == "\t" {
            name.removeLast()
        }
        return name
    }

    /// Letters, digits and the punctuation charset names use. No "/", so no iconv "//TRANSLIT"
    /// or "//IGNORE" modes can be requested through a message.
    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
        default: false
        }
    }

    private static let aliases: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "euc-cn": "GB18030",
        "cp936": "GB18030", "gb_2312-80": "GB18030", "chinese": "GB18030",
        "big5": "BIG5-HKSCS", "x-big5": "BIG5-HKSCS", "big5-hkscs": "BIG5-HKSCS", "cn-big5": "BIG5-HKSCS",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932",
        "ms_kanji": "CP932", "windows-31j": "CP932", "cp932": "CP932",
        "euc-jp": "EUC-JP-MS", "x-euc-jp": "EUC-JP-MS",
        "iso-2022-jp": "ISO-2022-JP-2",
        "ks_c_5601-1987": "CP949", "euc-kr": "CP949", "ks_c_5601": "CP949", "korean": "CP949",
        "iso-8859-8-i": "ISO-8859-8", "iso-8859-6-i": "ISO-8859-6", "iso-8859-8-e": "ISO-8859-8",
        "latin1": "ISO-8859-1", "l1": "ISO-8859-1", "iso8859-1": "ISO-8859-1",
        "iso_8859-1": "ISO-8859-1", "8859-1": "ISO-8859-1",
        "koi8r": "KOI8-R", "koi8-u": "KOI8-U",
        "utf-7": "UTF-7", "unicode-1-1-utf-7": "UTF-7",
        "macintosh": "MACINTOSH", "x-mac-roman": "MACINTOSH", "mac": "MACINTOSH",
        "tis-620": "TIS-620", "windows-874": "CP874", "x-cp1250": "CP1250", "x-cp1251": "CP1251",
    ]
}
