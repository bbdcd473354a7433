/// Everything that decides what a model learns: normalisation, features and the classifier's settings.
///
/// Stored in every model file, so that scoring repeats exactly the normalisation and features of training.
public struct TrainingSettings: Codable, Hashable, Sendable {
    public var normalization: TextNormalizer.Options
    public var features: FeatureConfiguration
    /// Inverse regularisation strength of the logistic regression (scikit-learn's `C`); `.infinity` for none.
    public var C: Double
    public var balancedClassWeights: Bool
    /// Relative gradient-norm tolerance of the solver.
    public var tolerance: Double
    public var maxIterations: Int
    /// One sub-model per value of the target field.
    public var perTarget: Bool
    public var seed: UInt64
    /// The optimisation method (automatic: dense Newton for small binary problems, trust-region Newton otherwise).
    public var solver: LogisticRegression.Solver = .automatic
    /// Drop n-gram columns whose within-class outlet separation is at least this share of their class separation
    /// (``OutletFeatureFilter``); `nil` (the default, and what files written before the setting hold) for none.
    public var dropOutletFeatures: Double? = nil
    /// How documents were cleaned before normalisation (`--clean`), or `nil` when they were not: `stance score`
    /// cleans new texts the same way unless told `--no-clean`.
    public var cleaning: CleaningSettings?

    public init(
        normalization: TextNormalizer.Options = .init(), features: FeatureConfiguration = .init(), C: Double = 1,
        balancedClassWeights: Bool = false, tolerance: Double = 1e-6, maxIterations: Int = 500, perTarget: Bool = false,
        seed: UInt64 = 1, solver: LogisticRegression.Solver = .automatic, dropOutletFeatures: Double? = nil,
        cleaning: CleaningSettings? = nil
    ) {
        self.cleaning = cleaning
        self.solver = solver
        self.dropOutletFeatures = dropOutletFeatures
        self.normalization = normalization
        self.features = features
        self.C = C
        self.balancedClassWeights = balancedClassWeights
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.perTarget = perTarget
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case normalization, features, C, balancedClassWeights, tolerance, maxIterations, perTarget, seed, solver
        case dropOutletFeatures
        case cleaning
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        normalization = try container.decode(TextNormalizer.Options.self, forKey: .normalization)
        features = try container.decode(FeatureConfiguration.self, forKey: .features)
        let c = try container.decode(String.self, forKey: .C)
        guard let value = c == "inf" ? Double.infinity : Double(c) else {
            throw DecodingError.dataCorruptedError(forKey: .C, in: container, debugDescription: "C is not a number")
        }
        C = value
        balancedClassWeights = try container.decode(Bool.self, forKey: .balancedClassWeights)
        tolerance = try container.decode(Double.self, forKey: .tolerance)
        maxIterations = try container.decode(Int.self, forKey: .maxIterations)
        perTarget = try container.decode(Bool.self, forKey: .perTarget)
        seed = try container.decode(UInt64.self, forKey: .seed)
        // Absent from files written before the setting existed.
        let solverName = try container.decodeIfPresent(String.self, forKey: .solver) ?? "automatic"
        guard let solver = LogisticRegression.Solver(rawValue: solverName) else {
            throw DecodingError.dataCorruptedError(forKey: .solver, in: container, debugDescription: "unknown solver")
        }
        self.solver = solver
        dropOutletFeatures = try container.decodeIfPresent(Double.self, forKey: .dropOutletFeatures)
        cleaning = try container.decodeIfPresent(CleaningSettings.self, forKey: .cleaning)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(normalization, forKey: .normalization)
        try container.encode(features, forKey: .features)
        // C is text so that an unpenalised fit (infinity) survives JSON.
        try container.encode(C.isFinite ? String(C) : "inf", forKey: .C)
        try container.encode(balancedClassWeights, forKey: .balancedClassWeights)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(maxIterations, forKey: .maxIterations)
        try container.encode(perTarget, forKey: .perTarget)
        try container.encode(seed, forKey: .seed)
        try container.encode(solver.rawValue, forKey: .solver)
        // Written only when set, so that other models' settings are the same bytes as before.
        try container.encodeIfPresent(dropOutletFeatures, forKey: .dropOutletFeatures)
        try container.encodeIfPresent(cleaning, forKey: .cleaning)
    }

    /// The settings with every text-pipeline step that version 1 of the model format did not have turned off:
    /// machine-translation spacing, mixed-language lexicon matching, cleaning. A version-1 file never names these
    /// steps, so its settings decode this way anyway; this makes the rule explicit.
    func asFormatVersion1() -> TrainingSettings {
        var settings = self
        settings.normalization.machineTranslationSpacing = false
        settings.features.mixedLanguageLexicon = false
        settings.features.rateUnit = nil
        settings.features.rateReference = nil
        settings.cleaning = nil
        return settings
    }
}

extension TrainingSettings {
    /// The settings as JSON, for reports and `stance inspect`.
    public var json: JSON {
        func range(_ value: ClosedRange<Int>?) -> JSON {
            value.map { .string("\($0.lowerBound)-\($0.upperBound)") } ?? .null
        }
        var rateUnit: [(String, JSON)] = []
        // Shown only when set, so that older models print as before.
        if let unit = features.rateUnit { rateUnit.append(("rate_unit", .string(unit.rawValue))) }
        if let reference = features.rateReference { rateUnit.append(("rate_reference", reference.json)) }
        if let ratio = dropOutletFeatures { rateUnit.append(("drop_outlet_features", .double(ratio))) }
        if features.quoteFamilies { rateUnit.append(("quote_families", .bool(true))) }
        return .object(
            [
                ("convert_traditional", .bool(normalization.convertTraditional)),
                ("mask_terms", .int(normalization.maskTerms.count)),
                ("word_ngrams", range(features.wordNGrams)),
                ("char_ngrams", range(features.charNGrams)),
                ("char_wb", range(features.charWB)),
                ("min_df", .int(features.minDF)),
                ("max_df", .double(features.maxDF)),
                ("max_features", features.maxFeatures.map(JSON.int) ?? .null),
                ("sublinear_tf", .bool(features.sublinearTF)),
                ("lexicons", .bool(features.useLexicons)),
                ("lexicon_features", .string(features.lexiconFeatures.list)),
            ] + rateUnit + [
                ("C", C.isFinite ? .double(C) : .string("inf")),
                ("class_weight", .string(balancedClassWeights ? "balanced" : "none")),
                ("tol", .double(tolerance)),
                ("max_iter", .int(maxIterations)),
                ("per_target", .bool(perTarget)),
                ("seed", .string(String(seed))),
                ("solver", .string(solver.rawValue)),
                ("machine_translation_spacing", .bool(normalization.machineTranslationSpacing)),
                ("mixed_language_lexicon", .bool(features.mixedLanguageLexicon)),
                ("cleaning", cleaning?.json ?? .null),
            ])
    }
}
