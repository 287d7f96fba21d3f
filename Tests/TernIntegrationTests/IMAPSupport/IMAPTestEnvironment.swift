import Foundation
import TernTestSupport
import Testing

/// Where the integration tests find their helpers and services.
enum IMAPTestEnvironment {
    static var variables: [String: String] { ProcessInfo.processInfo.environment }

    /// CI demands every service; locally a test whose service is missing is skipped.
    static var isCI: Bool { variables["CI"] != nil }

    /// `TERN_TEST_DOVECOT` (host:port) from scripts/services/dovecot.sh.
    static var dovecot: (host: String, port: Int)? {
        guard let value = variables["TERN_TEST_DOVECOT"], let colon = value.lastIndex(of: ":"),
            let port = Int(value[value.index(after: colon)...])
        else { return nil }
        return (String(value[..<colon]), port)
    }

    static var dovecotPassword: String { variables["TERN_TEST_DOVECOT_PASSWORD"] ?? "tern" }

    /// Run a test that needs `variable`: it is set, or CI is (then the test fails and says why).
    static func has(_ variable: String) -> Bool { variables[variable] != nil || isCI }

    /// The folder holding this file's sibling `scripts/` directories.
    static func scriptPath(_ folder: String, _ name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(folder).appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// Fails with the service script to run when a required variable is missing.
    static func require(_ variable: String, script: String) throws -> String {
        guard let value = variables[variable] else {
            throw TernDevServer.LaunchError(
                description: "\(variable) is not set: run `eval \"$(\(script) start STATEDIR)\"` (scripts/test.sh does)")
        }
        return value
    }
}

extension IMAPTestEnvironment {
    /// Makes sure `binary` exists, installing the Debian `package` with apt-get when it does not
    /// (the test machine is Debian and tests run as root); throws with the apt output otherwise.
    static func ensureInstalled(binary: String, package: String) async throws {
        if (try? ExternalCommand.which(binary)) != nil { return }
        let install = try await ExternalCommand.run(
            "/bin/sh",
            [
                "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "
                    + "--no-install-recommends \(package) || (apt-get update -qq && "
                    + "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "
                    + "--no-install-recommends \(package))",
            ], timeout: .seconds(900))
        guard install.succeeded, (try? ExternalCommand.which(binary)) != nil else {
            throw TernDevServer.LaunchError(description: "could not install \(package) for \(binary): \(install)")
        }
    }
}
