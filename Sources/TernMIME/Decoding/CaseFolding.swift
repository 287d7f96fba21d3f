/// Unicode case folding for case-insensitive substring search.
///
/// Folding a scalar is lowercase(uppercase(scalar)), using the Unicode data in the standard
/// library: it gives full case folding for the cases that matter in mail ("ß" -> "ss",
/// final sigma, long s, Kelvin sign, dotted I), and needle and text are folded the same way.
/// No normalization is applied: precomposed and decomposed accents do not match each other.
public enum CaseFolding {
    /// Appends the folded form of `scalar` (one or more scalars) to `output`.
    @inline(__always)
    public static func fold(_ scalar: Unicode.Scalar, into output: inout [Unicode.Scalar]) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                output.append(Unicode.Scalar(UInt8(value + 0x20)))
            } else {
                output.append(scalar)
            }
            return
        }
        let properties = scalar.properties
        guard properties.changesWhenCaseMapped else {
            output.append(scalar)
            return
        }
        for upper in properties.uppercaseMapping.unicodeScalars {
            if upper.properties.changesWhenLowercased {
                output.append(contentsOf: upper.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(upper)
            }
        }
    }

    /// The folded scalars of a whole string.
    public static func fold(_ text: String) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            fold(scalar, into: &output)
        }
        return output
    }

    /// The folded form of a whole string, as a String.
    public static func folded(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: fold(text))
        return String(result)
    }
}
