import ArgumentParser
import StanceKit

extension RateUnit: ExpressibleByArgument {}
extension RateReference.Scope: ExpressibleByArgument {}

/// An n-gram range written `1-2` (or `3` for 3–3, or `none`).
struct NGramRange: ExpressibleByArgument {
    var range: ClosedRange<Int>?

    init?(argument: String) {
        if argument == "none" || argument == "0" {
            range = nil
            return
        }
        let parts = argument.split(separator: "-").map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 1 }) else { return nil }
        let low = parts[0]!
        let high = parts.last!!
        guard low <= high else { return nil }
        range = low...high
    }

    init(_ range: ClosedRange<Int>?) { self.range = range }

    var defaultValueDescription: String { range.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "none" }
}

/// `--quotes`: one column per quotation family, or one for every quotation.
enum QuoteColumns: String, ExpressibleByArgument, CaseIterable {
    case families, single
}

/// How text is normalised and featurised: shared by `features`, `train` and `eval`.
struct FeatureOptions: ParsableArguments {
    @Option(
        help:
            "A lexicon TSV (concept, term, lang, note), or the name of a shipped one (china-framing); may be repeated.")
    var lexicon: [String] = []
    @Option(help: "A TSV whose first column lists strings to mask (outlet names, bylines) before anything else.")
    var mask: String?
    @Flag(help: "Keep Traditional Chinese as written instead of converting it to Simplified.")
    var keepScript = false
    @Option(help: "Word n-gram range over non-Han words, e.g. 1-2 (none to turn off).")
    var wordNgrams = NGramRange(1...2)
    @Option(help: "Character n-gram range over Han runs, e.g. 1-3 (none to turn off).")
    var charNgrams = NGramRange(1...3)
    @Option(help: "Character n-gram range inside words, e.g. 2-5 (default none).")
    var charWb = NGramRange(nil)
    @Option(help: "Keep n-grams found in at least this many training documents.")
    var minDf = 1
    @Option(help: "Drop n-grams found in more than this share of training documents.")
    var maxDf = 1.0
    @Option(help: "Keep at most this many n-grams, the most frequent.")
    var maxFeatures: Int?
    @Option(help: "Lexicon feature kinds: all, or a comma-separated list of counts, quoted, rates, contrasts.")
    var lexiconFeatures = "all"
    @Option(
        help:
            "Lexicon rates per 1,000 tokens or per 1,000 word-equivalents (Han characters / 1.43, Vietnamese syllables / 1.39), comparable across languages."
    )
    var rateUnit: RateUnit = .wordEquivalents
    @Option(
        help: ArgumentHelp(
            "Divide each lexicon rate by the typical rate of the text's language, from a reference file (stance lexicon check --corpus FILE --reference-out REFERENCE).",
            discussion:
                "Makes rates comparable across languages: 1.0 means as often as the reference news of that language. Needs --rate-unit word-equivalents; the model stores the reference and is written as format version 5.",
            valueName: "reference"))
    var rateReference: String?
    @Option(
        help:
            "What a referenced rate is divided by: language (the language's density of all lexicon hits) or concept (the concept's rate in that language)."
    )
    var rateReferenceScope: RateReference.Scope = .language
    @Option(
        help: ArgumentHelp(
            "Quoted lexicon hits: single (one lex:C@quoted column per concept) or families (reported, distancing, term).",
            discussion:
                "families gives lex:C@quote:reported, lex:C@quote:distancing and lex:C@quote:term, counts so-called X (所谓, cái gọi là) as distancing, and writes model format version 3."
        ))
    var quotes: QuoteColumns = .single
    @Option(help: "Threads, at least 1 (results are identical for any number).")
    var threads: ThreadBudget = .machine

    func validate() throws {
        if LexiconFeatureKinds(list: lexiconFeatures) == nil {
            throw ValidationError("--lexicon-features takes all or a list of counts, quoted, rates, contrasts")
        }
        if minDf < 1 { throw ValidationError("--min-df must be at least 1") }
        if !(maxDf > 0 && maxDf <= 1) { throw ValidationError("--max-df must be in (0, 1]") }
        if let maxFeatures, maxFeatures < 1 { throw ValidationError("--max-features must be at least 1") }
    }

    func normalization() throws -> TextNormalizer.Options {
        TextNormalizer.Options(
            convertTraditional: !keepScript,
            maskTerms: try mask.map { try TextNormalizer.loadMaskTerms(path: $0) } ?? [])
    }

    var featureConfiguration: FeatureConfiguration {
        get throws {
            var configuration = baseFeatureConfiguration
            configuration.rateReference = try rateReference.map {
                try RateReference.load(path: $0, scope: rateReferenceScope)
            }
            return configuration
        }
    }

    private var baseFeatureConfiguration: FeatureConfiguration {
        FeatureConfiguration(
            wordNGrams: wordNgrams.range, charNGrams: charNgrams.range, charWB: charWb.range, minDF: minDf,
            maxDF: maxDf,
            maxFeatures: maxFeatures, sublinearTF: true, useLexicons: !lexicon.isEmpty,
            lexiconFeatures: LexiconFeatureKinds(list: lexiconFeatures) ?? .all, rateUnit: rateUnit,
            quoteFamilies: quotes == .families)
    }
}

/// The classifier's options: shared by `train` and `eval`.
struct ClassifierOptions: ParsableArguments {
    @Option(
        name: .customLong("C"),
        help: "Inverse regularisation strength (scikit-learn's C); inf for none; auto: chosen by an inner CV."
    )
    var c = "1.0"
    @Option(help: "Class weights: none or balanced.")
    var classWeight = "none"
    @Option(help: "Stop when the gradient norm falls below this share of its start.")
    var tol = 1e-6
    @Option(help: "Iterations at most (a warning says when this ends the fit).")
    var maxIter = 500
    @Flag(help: "One sub-model per value of the target field.")
    var perTarget = false
    @Option(help: "Solver: automatic, trustRegionNewton, lbfgs or newton (automatic picks by problem size).")
    var solver = "automatic"
    @Option(help: "Seed for everything random.")
    var seed: UInt64 = 1
    @Option(
        help: ArgumentHelp(
            "Drop n-grams that separate outlets within a class at least this share as strongly as the classes (e.g. 1).",
            discussion: "Needs a class with two outlets (the source field); lexicon features always stay."))
    var dropOutletFeatures: Double?
    @Option(help: "Label each article by its outlet from this TSV (source<TAB>label<TAB>note).")
    var labelFromSource: String?
    @Flag(help: "With --label-from-source: drop articles whose outlet is not in the TSV instead of stopping.")
    var skipUnlabeled = false

    var cValue: Double? { c == "inf" ? .infinity : DecimalNumber.parse(c) }
    /// `--C auto`: chosen by an inner cross-validation (per outer training fold under `stance eval`).
    var cIsAuto: Bool { c == "auto" }

    func validate() throws {
        if !cIsAuto {
            guard let value = cValue, value > 0 else {
                let problem = c == "inf" ? nil : DecimalNumber.problem(c)
                throw ValidationError(
                    "--C must be a positive decimal number, inf or auto\(problem.map { ": \($0)" } ?? "")")
            }
        }
        guard ["none", "balanced"].contains(classWeight) else {
            throw ValidationError("--class-weight must be none or balanced")
        }
        if LogisticRegression.Solver(rawValue: solver) == nil {
            throw ValidationError("--solver must be automatic, trustRegionNewton, lbfgs or newton")
        }
        if !(tol > 0) { throw ValidationError("--tol must be positive") }
        if maxIter < 1 { throw ValidationError("--max-iter must be at least 1") }
        if let ratio = dropOutletFeatures, !(ratio > 0 && ratio.isFinite) {
            throw ValidationError("--drop-outlet-features must be a positive number")
        }
    }

    func settings(features: FeatureOptions) throws -> TrainingSettings {
        TrainingSettings(
            normalization: try features.normalization(), features: try features.featureConfiguration, C: cValue ?? 1,
            balancedClassWeights: classWeight == "balanced", tolerance: tol, maxIterations: maxIter,
            perTarget: perTarget, seed: seed, solver: LogisticRegression.Solver(rawValue: solver)!,
            dropOutletFeatures: dropOutletFeatures)
    }

    /// `--label-from-source`, if given.
    var outletLabelling: OutletLabelling? {
        labelFromSource.map { OutletLabelling(path: $0, skipUnlabeled: skipUnlabeled) }
    }
}
