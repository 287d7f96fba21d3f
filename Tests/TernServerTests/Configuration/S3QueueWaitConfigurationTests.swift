import Foundation
import Testing
import TernStorage

@testable import TernServer

/// `[storage] s3_queue_wait_seconds` (issue 18): how long an S3 request waits for a pool connection.
@Suite struct S3QueueWaitConfigurationTests {
    @Test func defaultsToThirtySeconds() throws {
        let configuration = try ServerConfiguration.parse(toml: ServerConfigurationTests.minimal, baseDirectory: "/etc/tern")
        #expect(configuration.s3QueueWait == .seconds(30))
        #expect(configuration.s3QueueWait == S3Configuration.defaultQueueWait)
    }

    @Test func isReadFromTheStorageTable() throws {
        let text = ServerConfigurationTests.minimal.replacingOccurrences(
            of: "[storage]\n", with: "[storage]\ns3_queue_wait_seconds = 45\n")
        let configuration = try ServerConfiguration.parse(toml: text, baseDirectory: "/etc/tern")
        #expect(configuration.s3QueueWait == .seconds(45))
    }

    @Test(arguments: ["0", "601", "\"30\""])
    func badValuesNameTheKey(_ value: String) {
        let text = ServerConfigurationTests.minimal.replacingOccurrences(
            of: "[storage]\n", with: "[storage]\ns3_queue_wait_seconds = \(value)\n")
        #expect {
            try ServerConfiguration.parse(toml: text, baseDirectory: "/")
        } throws: { "\($0)".contains("storage.s3_queue_wait_seconds") }
    }
}
