import NIOCore

/// Cuts command lines out of the inbound buffer. A line ends with LF (a CR before it is dropped; command lines
/// with a bare LF are accepted, unlike message data, because they carry no dot-terminator to smuggle).
/// A line longer than `maxLineLength` (ending included) is skipped without buffering it and reported once.
struct LMTPLineFramer: Sendable {
    enum Result: Equatable {
        case line([UInt8])
        case tooLong
        case needMoreInput
    }

    let maxLineLength: Int
    private var skipping = false

    init(maxLineLength: Int) {
        self.maxLineLength = maxLineLength
    }

    mutating func nextLine(from buffer: inout ByteBuffer) -> Result {
        let view = buffer.readableBytesView
        if skipping {
            guard let lineFeed = view.firstIndex(of: UInt8(ascii: "\n")) else {
                buffer.moveReaderIndex(forwardBy: view.count)
                return .needMoreInput
            }
            skipping = false
            buffer.moveReaderIndex(forwardBy: lineFeed - view.startIndex + 1)
            return .tooLong
        }
        let searchEnd = min(view.endIndex, view.startIndex + maxLineLength)
        guard let lineFeed = view[view.startIndex..<searchEnd].firstIndex(of: UInt8(ascii: "\n")) else {
            guard view.count >= maxLineLength else { return .needMoreInput }
            skipping = true
            return nextLine(from: &buffer)
        }
        var line = Array(view[view.startIndex..<lineFeed])
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        buffer.moveReaderIndex(forwardBy: lineFeed - view.startIndex + 1)
        return .line(line)
    }
}
