import CArgon2

/// Argon2id version 1.3 (RFC 9106) through the reference implementation (libargon2), single-threaded:
/// verification only needs the result, and a login must not take every core.
enum Argon2id {
    struct Parameters: Hashable, Sendable {
        var memoryKiB: Int
        var iterations: Int
        var parallelism: Int
    }

    /// The derived tag, or nil when libargon2 refuses the parameters (its own bounds; `Argon2idHash.parse`
    /// applies tighter ones first).
    static func hash(
        password: [UInt8],
        salt: [UInt8],
        secret: [UInt8] = [],
        associatedData: [UInt8] = [],
        parameters: Parameters,
        tagLength: Int
    ) -> [UInt8]? {
        var password = password
        var salt = salt
        var secret = secret
        var associatedData = associatedData
        var tag = [UInt8](repeating: 0, count: tagLength)
        let status = tag.withUnsafeMutableBufferPointer { tagBytes in
            password.withUnsafeMutableBufferPointer { passwordBytes in
                salt.withUnsafeMutableBufferPointer { saltBytes in
                    secret.withUnsafeMutableBufferPointer { secretBytes in
                        associatedData.withUnsafeMutableBufferPointer { associatedBytes in
                            var context = argon2_context()
                            context.out = tagBytes.baseAddress
                            context.outlen = UInt32(tagBytes.count)
                            context.pwd = passwordBytes.baseAddress
                            context.pwdlen = UInt32(passwordBytes.count)
                            context.salt = saltBytes.baseAddress
                            context.saltlen = UInt32(saltBytes.count)
                            context.secret = secretBytes.baseAddress
                            context.secretlen = UInt32(secretBytes.count)
                            context.ad = associatedBytes.baseAddress
                            context.adlen = UInt32(associatedBytes.count)
                            context.t_cost = UInt32(parameters.iterations)
                            context.m_cost = UInt32(parameters.memoryKiB)
                            context.lanes = UInt32(parameters.parallelism)
                            context.threads = 1
                            context.version = UInt32(ARGON2_VERSION_13.rawValue)
                            context.flags = 0  // ARGON2_DEFAULT_FLAGS: inputs are left as they are
                            return argon2_ctx(&context, Argon2_id)
                        }
                    }
                }
            }
        }
        return status == ARGON2_OK.rawValue ? tag : nil
    }
}
