/// Dovecot's tab escaping for protocol fields: `\u{1}` is the escape byte, `\u{1}1` = 0x01, `\u{1}t` = TAB,
/// `\u{1}r` = CR, `\u{1}n` = LF. Values in OK/FAIL lines are escaped so a user name can never add a field or line.
enum DovecotTabEscaping {
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 1 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return value }
        var out: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case 1: out += [1, UInt8(ascii: "1")]
            case 9: out += [1, UInt8(ascii: "t")]
            case 10: out += [1, UInt8(ascii: "n")]
            case 13: out += [1, UInt8(ascii: "r")]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reverses `escape`; an escape byte followed by anything else (or nothing) is kept as it is.
    static func unescape(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var index = field.startIndex
        while index < field.endIndex {
            let byte = field[index]
            if byte == 1, index + 1 < field.endIndex {
                switch field[index + 1] {
                case UInt8(ascii: "1"): out.append(1)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                default: out += [1, field[index + 1]]
                }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
