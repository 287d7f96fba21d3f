import NIOCore

/// Line framing: collecting a line, recognising a trailing literal announcement, completing a command.
extension CommandParser {
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let discardTailLength = 32
    static let retainedCapacity = 4096

    /// Copies line bytes into `command` (within the limits); completes the line at LF.
    mutating func readLine(_ input: inout ByteBuffer) -> Output? {
        let lineSoFar = command.writerIndex - lineStart
        let lineBudget = limits.maxLineLength - lineSoFar
        let commandBudget = limits.maxCommandSize - 2 - command.readableBytes
        let budget = max(0, min(lineBudget, commandBudget))
        // One pass over the readable bytes: find the LF and copy what precedes it (up to the budget).
        let (foundLineFeed, copied) = input.withUnsafeReadableBytes { bytes -> (Bool, Int) in
            let limit = min(bytes.count, budget + 1)
            var index = 0
            while index < limit && bytes[index] != CommandParser.lineFeed { index += 1 }
            let found = index < bytes.count && bytes[index] == CommandParser.lineFeed
            let count = min(index, budget)
            command.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
            return (found && index <= budget, count)
        }
        input.moveReaderIndex(forwardBy: copied)
        if !foundLineFeed && input.readableBytes > 0 {
            // More bytes than the budget allows before any LF.
            let error =
                lineBudget <= commandBudget
                ? ParserError(.lineTooLong, "line longer than \(limits.maxLineLength) bytes")
                : ParserError(.commandTooLarge, "command larger than \(limits.maxCommandSize) bytes")
            return fail(error, thenDiscardWithTail: true)
        }
        guard foundLineFeed else { return nil }
        input.moveReaderIndex(forwardBy: 1)
        if command.writerIndex == lineStart
            || command.getInteger(at: command.writerIndex - 1, as: UInt8.self) != CommandParser.carriageReturn
        {
            command.writeInteger(CommandParser.carriageReturn)
        }
        command.writeInteger(CommandParser.lineFeed)
        return lineCompleted()
    }

    /// The line's text without its CRLF.
    var currentLineText: ByteBuffer {
        command.getSlice(at: lineStart, length: command.writerIndex - 2 - lineStart) ?? ByteBuffer()
    }

    mutating func lineCompleted() -> Output? {
        switch mode {
        case .idleDone:
            mode = .command
            let line = currentLineText
            resetCommand()
            guard line.readableBytes == 4, line.readableBytesView.map({ $0 & 0xDF }) == Array("DONE".utf8) else {
                return .error(CommandParseError(tag: nil, error: ParserError(.malformed, "expected DONE to end IDLE")))
            }
            return .part(.idleDone)
        case .authenticationResponse:
            mode = .command
            let line = Array(currentLineText.readableBytesView)
            resetCommand()
            if line == [UInt8(ascii: "*")] { return .part(.authenticationResponse(.cancel)) }
            guard line.allSatisfy(IMAPCharacterClass.isBase64Byte) else {
                return .error(
                    CommandParseError(tag: nil, error: ParserError(.malformed, "authentication response must be base64")))
            }
            return .part(.authenticationResponse(.data(line)))
        case .command:
            switch trailingLiteralHeader() {
            case .none:
                return commandCompleted()
            case .invalid(let error):
                return fail(error, thenDiscardWithTail: false)
            case .header(let header):
                return literalAnnounced(header)
            }
        }
    }

    enum TrailingLiteral {
        case none
        case header(LiteralHeader)
        case invalid(ParserError)
    }

    /// Recognises `{N}`, `{N+}` or `~{N}` just before the CRLF of the current line.
    func trailingLiteralHeader() -> TrailingLiteral {
        // Fast path: most lines do not end in "}".
        let lastIndex = command.writerIndex - 3
        guard lastIndex >= lineStart, command.getInteger(at: lastIndex, as: UInt8.self) == UInt8(ascii: "}") else {
            return .none
        }
        return Self.literalHeader(atEndOf: Array(currentLineText.readableBytesView.suffix(CommandParser.discardTailLength)))
    }

    static func literalHeader(atEndOf line: [UInt8]) -> TrailingLiteral {
        var index = line.count - 1
        guard index >= 0, line[index] == UInt8(ascii: "}") else { return .none }
        index -= 1
        let nonSynchronizing = index >= 0 && line[index] == UInt8(ascii: "+")
        if nonSynchronizing { index -= 1 }
        let digitsEnd = index + 1
        while index >= 0, IMAPCharacterClass.isDigit(line[index]) { index -= 1 }
        let digits = line[(index + 1)..<digitsEnd]
        guard index >= 0, line[index] == UInt8(ascii: "{"), !digits.isEmpty else { return .none }
        var size: UInt64 = 0
        for digit in digits {
            let (times, overflow1) = size.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else {
                return .invalid(ParserError(.literalTooLarge, "literal size out of range"))
            }
            size = sum
        }
        let binary = index > 0 && line[index - 1] == UInt8(ascii: "~")
        return .header(LiteralHeader(size: size, isNonSynchronizing: nonSynchronizing, isBinary: binary))
    }

    /// A line without a trailing literal ends the command (or the APPEND).
    mutating func commandCompleted() -> Output? {
        var cursor = ParseCursor(command, limits: limits)
        if let progress = append {
            do {
                guard try CommandGrammar.appendContinuation(&cursor, closeUTF8: progress.closeUTF8) == nil else {
                    return fail(ParserError(.malformed, "message literal missing"), thenDiscardWithTail: false)
                }
            } catch {
                return fail(error, thenDiscardWithTail: false)
            }
            resetCommand()
            return .part(.append(.finish))
        }
        if command.readableBytes == 2 {
            resetCommand()
            return .error(CommandParseError(tag: nil, error: ParserError(.malformed, "empty command line")))
        }
        do {
            let tagged = try CommandGrammar.taggedCommand(&cursor)
            resetCommand()
            return .part(.tagged(tagged))
        } catch {
            return fail(error, thenDiscardWithTail: false)
        }
    }

    var currentTag: Tag? {
        if let append { return append.tag }
        return CommandGrammar.leadingTag(ParseCursor(command, limits: limits))
    }

    mutating func resetCommand() {
        // Keep a small buffer for the next command; give back the memory of a large one, so an idle
        // connection holds little.
        if command.capacity > CommandParser.retainedCapacity {
            command = ByteBuffer()
        } else {
            command.clear()
        }
        lineStart = 0
        append = nil
        refusableLiteral = false
    }

    /// Reports `error` and drops the rest of the command. With `thenDiscardWithTail` the current line has
    /// not ended yet: the parser drops bytes up to its LF (then skips a non-synchronizing literal announced
    /// there). Otherwise the line is complete and the parser is ready for the next command.
    mutating func fail(_ error: ParserError, thenDiscardWithTail: Bool) -> Output {
        let failure = CommandParseError(tag: currentTag, error: error)
        if thenDiscardWithTail {
            let tail = Array(command.readableBytesView.suffix(CommandParser.discardTailLength))
            resetCommand()
            state = .discardLine(tail: tail)
        } else {
            resetCommand()
            state = .line
        }
        mode = .command
        return .error(failure)
    }

    /// Drops bytes up to and including the next LF; at the LF, skips an announced non-synchronizing literal.
    mutating func discardLine(_ input: inout ByteBuffer, tail: [UInt8]) {
        let view = input.readableBytesView
        let lineFeedIndex = view.firstIndex(of: CommandParser.lineFeed)
        let count = (lineFeedIndex ?? view.endIndex) - view.startIndex
        var newTail = tail
        newTail.append(contentsOf: view[view.startIndex..<(view.startIndex + count)].suffix(CommandParser.discardTailLength))
        if newTail.count > CommandParser.discardTailLength {
            newTail.removeFirst(newTail.count - CommandParser.discardTailLength)
        }
        input.moveReaderIndex(forwardBy: count)
        guard lineFeedIndex != nil else {
            state = .discardLine(tail: newTail)
            return
        }
        input.moveReaderIndex(forwardBy: 1)
        if newTail.last == CommandParser.carriageReturn { newTail.removeLast() }
        if case .header(let header) = CommandParser.literalHeader(atEndOf: newTail), header.isNonSynchronizing {
            state = .skipLiteral(remaining: header.size)
        } else {
            state = .line
        }
    }
}
