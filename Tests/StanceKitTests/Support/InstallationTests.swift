import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// Where `stance` finds its default model and shipped lexicons: from the executable's real path, installed or in a
/// checkout, never from the current directory.
@Suite struct InstallationTests {
    /// An installed layout: `P/bin/stance`, `P/share/stance/models/default.stance`, a lexicon and build-info.
    static func installedPrefix(_ directory: TemporaryDirectory) throws -> String {
        try directory.write("prefix/bin/stance", "#!/bin/sh\n")
        try directory.write("prefix/share/stance/models/default.stance", "model")
        try directory.write("prefix/share/stance/lexicons/china-framing.tsv", "concept\tterm\tlang\tnote\n")
        try directory.write("prefix/share/stance/build-info", "commit 0123456789ab\nbuilt 2026-12-06T00:00:00Z\n")
        return directory.path + "/prefix"
    }

    @Test func installedLayoutFindsItsModelLexiconsAndCommit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = try Self.installedPrefix(directory)
        let installation = Installation(executable: prefix + "/bin/stance")
        #expect(installation.layout == .installed(prefix: prefix))
        #expect(installation.defaultModel == prefix + "/share/stance/models/default.stance")
        #expect(
            try ModelLocation.resolve(explicit: nil, environment: [:], installation: installation) == prefix
                + "/share/stance/models/default.stance")
        #expect(installation.shippedLexicons == ["china-framing"])
        #expect(try installation.lexiconPath("china-framing") == prefix + "/share/stance/lexicons/china-framing.tsv")
        #expect(installation.commit == "0123456789ab")
    }

    @Test func explicitModelThenEnvironmentThenDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let installation = Installation(executable: try Self.installedPrefix(directory) + "/bin/stance")
        #expect(
            try ModelLocation.resolve(
                explicit: "given.stance", environment: ["STANCE_MODEL": "env.stance"], installation: installation)
                == "given.stance")
        #expect(
            try ModelLocation.resolve(
                explicit: nil, environment: ["STANCE_MODEL": "env.stance"], installation: installation) == "env.stance")
        #expect(
            try ModelLocation.resolve(explicit: nil, environment: ["STANCE_MODEL": ""], installation: installation)
                == installation.defaultModel)
    }

    @Test func aSymbolicLinkToTheBinaryResolvesToItsInstallation() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = try Self.installedPrefix(directory)
        try FileManager.default.createDirectory(
            atPath: directory.path + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/elsewhere/stance", withDestinationPath: prefix + "/bin/stance")
        let installation = Installation(executable: directory.path + "/elsewhere/stance")
        #expect(installation.layout == .installed(prefix: prefix))
    }

    @Test func checkoutLayoutFindsTheRepositoryModels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("repo/Package.swift", "// swift-tools-version:6.0\n")
        try directory.write("repo/models/default.stance", "model")
        try directory.write("repo/labels/lexicons/china-framing.tsv", "concept\tterm\tlang\tnote\n")
        try directory.write("repo/.build/x86_64-unknown-linux-gnu/release/stance", "binary")
        try directory.write("repo/.git/HEAD", "ref: refs/heads/main\n")
        try directory.write("repo/.git/refs/heads/main", "fedcba9876543210fedcba9876543210fedcba98\n")
        let root = directory.path + "/repo"
        let installation = Installation(executable: root + "/.build/x86_64-unknown-linux-gnu/release/stance")
        #expect(installation.layout == .checkout(root: root))
        #expect(installation.defaultModel == root + "/models/default.stance")
        #expect(try installation.lexiconPath("china-framing") == root + "/labels/lexicons/china-framing.tsv")
        #expect(installation.commit == "fedcba987654")
    }

    /// A `models/default.stance` in the current directory is never used: an executable in neither layout has no
    /// default model, wherever the process runs.
    @Test func aModelPlantedInTheCurrentDirectoryIsIgnored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("work/models/default.stance", "planted")
        try directory.write("work/Package.swift", "// planted\n")
        try directory.write("tools/stance", "binary")
        let previous = FileManager.default.currentDirectoryPath
        #expect(FileManager.default.changeCurrentDirectoryPath(directory.path + "/work"))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let installation = Installation(executable: directory.path + "/tools/stance")
        #expect(installation.layout == nil)
        #expect(installation.defaultModel == nil)
        let error = #expect(throws: ModelFileError.self) {
            try ModelLocation.resolve(explicit: nil, environment: [:], installation: installation)
        }
        #expect(error?.exitStatus == .usage)
    }

    @Test func lexiconValuesThatLookLikePathsStayPaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let installation = Installation(executable: try Self.installedPrefix(directory) + "/bin/stance")
        #expect(try installation.lexiconPath("mine.tsv") == "mine.tsv")
        #expect(try installation.lexiconPath("./china-framing") == "./china-framing")
        #expect(try installation.lexiconPath("/abs/lexicon") == "/abs/lexicon")
        let error = #expect(throws: UsageError.self) { try installation.lexiconPath("chna-framing") }
        #expect(
            error?.description
                == "--lexicon chna-framing: no shipped lexicon has that name (shipped: china-framing); give a path such as ./chna-framing.tsv for a file"
        )
        #expect(error?.exitStatus == .usage)
    }

    @Test func theRunningProcessReportsItsBLAS() {
        // The test binary links BLAS through StanceKit, so /proc/self/maps names it.
        #expect(Installation.loadedBLAS.contains("blas"))
    }
}
