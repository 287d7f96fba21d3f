import ArgumentParser
import Foundation
import TernLoadCore

/// Writes the side-by-side table from pairs of report directories (what perf/compare calls).
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Side-by-side Markdown table of runs: each --row is LABEL=REFERENCE_DIR[,CANDIDATE_DIR]."
    )

    @Option(name: .customLong("row"), help: "LABEL=REFERENCE_DIR[,CANDIDATE_DIR] (directories holding report.json).")
    var rows: [String]
    @Option(help: "Name of the reference server column.") var referenceName = "Dovecot"
    @Option(help: "Name of the candidate server column.") var candidateName = "Tern"
    @Option(help: "Markdown file to write (printed to stdout too).") var output: String?

    func run() throws {
        var tableRows: [ComparisonTable.Row] = []
        for row in rows {
            guard let equals = row.firstIndex(of: "=") else { throw ValidationError("--row \(row): expected LABEL=DIR[,DIR]") }
            let directories = row[row.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            tableRows.append(ComparisonTable.Row(label: String(row[..<equals]),
                                                 reference: try load(directories.first), candidate: try load(directories.dropFirst().first)))
        }
        let table = ComparisonTable.render(rows: tableRows, referenceName: referenceName, candidateName: candidateName)
        print(table, terminator: "")
        if let output { try Data(table.utf8).write(to: URL(fileURLWithPath: output)) }
    }

    private func load(_ directory: String?) throws -> RunReport? {
        guard let directory, !directory.isEmpty else { return nil }
        let url = URL(fileURLWithPath: directory).appendingPathComponent("report.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: url))
    }
}
