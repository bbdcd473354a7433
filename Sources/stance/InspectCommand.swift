import ArgumentParser
import StanceKit

extension Stance {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a model's settings, training data and strongest features.",
            discussion: """
                For models fitted by Newton's method, also the coefficient table with standard errors. \
                `--format weights` writes every weight instead, as CSV `target,output,feature,weight`.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, weights }

        @Argument(help: "The model file.")
        var model: String
        @Option(help: "Features shown per class.")
        var top = 15
        @Option(help: "Output format: table, csv, json, or weights (every weight and intercept as CSV).")
        var format: Format = .table

        func run() throws {
            let loaded = try ModelFile.read(path: model)
            let inspection = ModelInspection(model: loaded, top: top)
            let output = BufferedWriter.standardOutput()
            switch format {
            case .table: try output.write(inspection.table())
            case .csv: try output.write(inspection.csv())
            case .json: try output.write(inspection.json.rendered(pretty: true) + "\n")
            case .weights: try inspection.writeWeights { try output.write($0) }
            }
            try output.flush()
        }
    }
}
