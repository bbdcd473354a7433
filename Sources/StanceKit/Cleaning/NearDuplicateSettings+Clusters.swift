import Dispatch

extension NearDuplicateSettings {
    /// The one call site of near-duplicate detection for the jobs (`corpus`, `eval` and `score --by`): checks the
    /// settings, clusters `texts` in input order (see ``NearDuplicateDetector/clusters(of:threads:)``) and, when
    /// `progress` is given, reports the documents, the candidate pairs and the time taken in one line.
    ///
    /// What a job does with the clusters is its own: `corpus` lists them, `eval` keeps each inside one fold and
    /// `score --by` counts each once (``NearDuplicateClustering/mergedKeys(_:)``).
    ///
    /// - Throws: ``NearDuplicateError/invalidSettings(_:)`` for settings that cannot work.
    public func clusters(
        of texts: [String], threads: ThreadBudget, progress: ((String) -> Void)? = nil
    ) throws -> NearDuplicateClustering {
        let detector = try NearDuplicateDetector(settings: self)
        let started = DispatchTime.now().uptimeNanoseconds
        let clustering = detector.clusters(of: texts, threads: threads)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        progress?(
            "near-duplicates: \(texts.count) documents, \(clustering.candidatePairs) candidate pairs, "
                + "\(formatFixed(seconds, digits: 2)) s")
        return clustering
    }
}
