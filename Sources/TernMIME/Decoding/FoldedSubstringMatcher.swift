import NIOCore

/// Streaming case-insensitive "contains": feed UTF-8 text in chunks, learn whether the folded text
/// contains the folded needle (IMAP SEARCH BODY/TEXT/header matching).
///
/// Knuth-Morris-Pratt over folded scalars, so the state carried between chunks is one position in
/// the needle plus at most 3 bytes of a split UTF-8 sequence: constant in the text's size.
/// Invalid UTF-8 is read as U+FFFD. An empty needle matches everything.
public struct FoldedSubstringMatcher: Sendable {
    private let needle: [Unicode.Scalar]
    private let failure: [Int]
    private var matched = 0
    private var utf8Carry: [UInt8] = []
    public private(set) var found: Bool

    public init(needle: String) {
        self.needle = CaseFolding.fold(needle)
        self.failure = Self.failureTable(self.needle)
        self.found = self.needle.isEmpty
    }

    /// Feeds the next chunk of UTF-8 text; returns `found` (callers can stop at the first true).
    @discardableResult
    public mutating func feed(_ chunk: ByteBuffer) -> Bool {
        guard !self.found else { return true }
        chunk.withUnsafeReadableBytes { self.feed(bytes: $0) }
        return self.found
    }

    /// Feeds UTF-8 bytes; returns `found`.
    @discardableResult
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        guard !self.found else { return true }
        let array = Array(bytes)
        array.withUnsafeBytes { self.feed(bytes: $0) }
        return self.found
    }

    /// Ends the text: a dangling partial UTF-8 sequence counts as U+FFFD. Returns `found`.
    @discardableResult
    public mutating func finish() -> Bool {
        if !self.utf8Carry.isEmpty, !self.found {
            self.utf8Carry.removeAll()
            self.consumeFolded("\u{FFFD}")
        }
        return self.found
    }

    private mutating func feed(bytes: UnsafeRawBufferPointer) {
        var index = 0
        if !self.utf8Carry.isEmpty {
            // Complete the split sequence with bytes from this chunk.
            while index < bytes.count, self.utf8Carry.count < 4, Self.isContinuation(bytes[index]) {
                self.utf8Carry.append(bytes[index])
                index += 1
                if self.utf8Carry.count == Self.sequenceLength(self.utf8Carry[0]) { break }
            }
            if self.utf8Carry.count < Self.sequenceLength(self.utf8Carry[0]), index == bytes.count {
                return  // still incomplete; wait for more
            }
            let carried = self.utf8Carry
            self.utf8Carry.removeAll()
            self.decode(carried[...])
        }
        // Hold back a trailing incomplete sequence.
        var end = bytes.count
        var back = end - 1
        while back >= index, back > end - 4, Self.isContinuation(bytes[back]) { back -= 1 }
        if back >= index, back > end - 4, Self.sequenceLength(bytes[back]) > end - back {
            self.utf8Carry = Array(bytes[back..<end])
            end = back
        }
        guard index < end else { return }
        self.decode(UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
    }

    private mutating func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        var iterator = bytes.makeIterator()
        var utf8 = UTF8()
        while !self.found {
            switch utf8.decode(&iterator) {
            case .scalarValue(let scalar): self.consumeFolded(scalar)
            case .error: self.consumeFolded("\u{FFFD}")
            case .emptyInput: return
            }
        }
    }

    private mutating func consumeFolded(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x80 {
            let value = scalar.value
            self.consume(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            return
        }
        guard scalar.properties.changesWhenCaseMapped else {
            self.consume(scalar)  // most CJK and symbols: no allocation
            return
        }
        var folded: [Unicode.Scalar] = []
        CaseFolding.fold(scalar, into: &folded)
        for each in folded { self.consume(each) }
    }

    @inline(__always)
    private mutating func consume(_ scalar: Unicode.Scalar) {
        guard !self.found else { return }
        while self.matched > 0, self.needle[self.matched] != scalar {
            self.matched = self.failure[self.matched - 1]
        }
        if self.needle[self.matched] == scalar {
            self.matched += 1
            if self.matched == self.needle.count { self.found = true }
        }
    }

    static func failureTable(_ pattern: [Unicode.Scalar]) -> [Int] {
        var table = [Int](repeating: 0, count: pattern.count)
        var length = 0
        var index = 1
        while index < pattern.count {
            if pattern[index] == pattern[length] {
                length += 1
                table[index] = length
                index += 1
            } else if length > 0 {
                length = table[length - 1]
            } else {
                index += 1
            }
        }
        return table
    }

    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }
}
