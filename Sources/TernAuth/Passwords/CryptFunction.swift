import CCrypt

/// libxcrypt's `crypt_rn` (SHA-crypt `$5$`/`$6$`, bcrypt `$2a$`/`$2b$`/`$2y$`, yescrypt `$y$`, scrypt `$7$`).
/// Thread-safe: every call gets its own zeroed `crypt_data` on the heap (about 32 KiB).
enum CryptFunction {
    /// The crypt string for `password` under `setting` (a full stored hash works as its own setting), or nil when
    /// libxcrypt refuses (unknown prefix, bad setting, or a password containing NUL, which C strings cannot carry).
    static func hash(password: [UInt8], setting: String) -> [UInt8]? {
        guard !password.contains(0), !setting.utf8.contains(0) else { return nil }
        let data = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<crypt_data>.size,
            alignment: MemoryLayout<crypt_data>.alignment
        )
        data.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<crypt_data>.size)
        defer {
            // The buffer held the password and intermediate state: clear it before freeing.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<crypt_data>.size)
            data.deallocate()
        }
        let phrase = password.map { CChar(bitPattern: $0) } + [0]
        let result = phrase.withUnsafeBufferPointer { phrasePointer in
            setting.withCString { settingPointer in
                crypt_rn(phrasePointer.baseAddress, settingPointer, data, Int32(MemoryLayout<crypt_data>.size))
            }
        }
        guard let result else { return nil }
        let output = Array(String(cString: result).utf8)
        // libxcrypt signals failure with a string starting with `*` in some modes.
        guard output.first != UInt8(ascii: "*") else { return nil }
        return output
    }
}
