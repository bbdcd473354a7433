import ArgumentParser
import Foundation
import StanceKit

@main
struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "Measure how news outlets frame a subject and what stance a text takes.",
        discussion: """
            Exit status: 0 success; 1 a regression check failed; 64 wrong usage; 65 bad data;
            66 an input file that does not exist; 70 an internal error; 74 a read or write error.
            """,
        version: Installation.current.versionDescription,
        subcommands: [
            Corpus.self, Clean.self, Features.self, Train.self, Inspect.self, Score.self, Aggregate.self, Eval.self,
            Sample.self, Agree.self, Kwic.self, Keyness.self, Export.self, Lexicon.self, Quotes.self,
        ]
    )

    /// Parses the arguments, runs the subcommand and ends the process with the status that fits what happened.
    static func main() {
        main(CommandLine.arguments.dropFirst().map { $0 })
    }

    static func main(_ arguments: [String]) -> Never {
        let status: Int32
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            status = 0
        } catch {
            status = report(error)
        }
        terminate(status)
    }

    /// The one place errors become exit statuses: prints a diagnostic for `error` on standard error and returns its
    /// exit status.
    ///
    /// A library error (``StanceFailure``) prints its sentence after `stance: `; argument-parser errors print their
    /// usage message (exit status 64, or 0 for `--help`); any other error is a bug: its own text (Foundation's, the
    /// system's) is not shown, only its type, with exit status 70 (74 for a Foundation file error, with its path).
    static func report(_ error: any Error) -> Int32 {
        if let failure = error as? any StanceFailure {
            writeStandardError("stance: \(failure.description)\n")
            return failure.exitStatus.rawValue
        }
        if let code = error as? ExitCode { return code.rawValue }
        let code = exitCode(for: error).rawValue
        if code != ExitCode.failure.rawValue {
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == 0 { print(message) } else { writeStandardError(message + "\n") }
            }
            return code
        }
        if let fileError = error as? CocoaError, let path = fileError.filePath {
            let failure = IOFailure(path: path, reason: "cannot read or write this file")
            writeStandardError("stance: \(failure.description)\n")
            return failure.exitStatus.rawValue
        }
        writeStandardError("stance: internal error: an unexpected \(type(of: error)) stopped the run\n")
        return ExitStatus.software.rawValue
    }
}
