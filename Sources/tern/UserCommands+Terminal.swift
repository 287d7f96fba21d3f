#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Passwords and confirmations for `tern user`: from the terminal without echo, or, when stdin is not a
/// terminal (scripts), one line of stdin each. Never from the command line, where `ps` and shell history see them.
enum UserTerminal {
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// A new password: asked twice on a terminal; one stdin line otherwise.
    static func newPassword(prompt: String = "New password: ") throws -> String {
        let password = try secret(prompt)
        guard !password.isEmpty else { throw InputError(description: "empty password") }
        if isInteractive {
            guard try secret("Repeat: ") == password else { throw InputError(description: "passwords differ") }
        }
        return password
    }

    static func secret(_ prompt: String) throws -> String {
        guard isInteractive else {
            guard let line = readLine(strippingNewline: true) else {
                throw InputError(description: "expected a password on stdin")
            }
            return line
        }
        writeError(prompt)
        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if hasTerminal { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            writeError("\n")
        }
        guard let line = readLine(strippingNewline: true) else { throw InputError(description: "no password given") }
        return line
    }

    /// Asks `question`; true only for an answer of "yes" (or "y").
    static func confirm(_ question: String) -> Bool {
        writeError(question + " [y/N] ")
        guard let answer = readLine(strippingNewline: true)?.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }

    static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
