import ArgumentParser
import Testing

@testable import stance

@Suite struct ExitStatusTests {
    @Test func unknownOptionIsUsageError() {
        #expect(throws: (any Error).self) { _ = try Stance.parseAsRoot(["--no-such-option"]) }
        do {
            _ = try Stance.parseAsRoot(["--no-such-option"])
        } catch {
            #expect(Stance.exitCode(for: error).rawValue == 64)
        }
    }
}
