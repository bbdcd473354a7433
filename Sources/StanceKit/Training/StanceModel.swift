/// A trained `stance` model: the settings that normalise and featurise text, the lexicon, and one classifier per
/// target (or one for all documents), with a summary of the data it was trained on.
public struct StanceModel: Sendable {
    /// One classifier with its own vocabulary: for one target under `--per-target`, or for every document.
    public struct SubModel: Sendable {
        /// The target this sub-model scores, or `nil` for a model of all documents.
        public var target: String?
        public var vocabulary: FittedVocabulary
        public var classifier: LogisticModel
        /// Training documents per class, labels in code-point order.
        public var classCounts: [(label: String, count: Int)]

        public init(
            target: String?, vocabulary: FittedVocabulary, classifier: LogisticModel,
            classCounts: [(label: String, count: Int)]
        ) {
            self.target = target
            self.vocabulary = vocabulary
            self.classifier = classifier
            self.classCounts = classCounts
        }
    }

    /// What the model was trained on.
    public struct TrainingSummary: Sendable, Equatable {
        public var documentCount: Int
        /// Documents per class, labels in code-point order.
        public var classCounts: [String: Int]
        /// A fingerprint of the training inputs (each document's id, text, label and target, in order), in hex.
        public var inputHash: String

        public init(documentCount: Int, classCounts: [String: Int], inputHash: String) {
            self.documentCount = documentCount
            self.classCounts = classCounts
            self.inputHash = inputHash
        }
    }

    public var settings: TrainingSettings
    public var lexicon: Lexicon?
    /// Every label of the model, in Unicode code-point order.
    public var labels: [String]
    public var subModels: [SubModel]
    public var summary: TrainingSummary
    /// Facts about the training that no score depends on (unseen features, bootstrap intervals, rates).
    public var supplement = ModelSupplement()
    /// The model file format version the model was read from (the version its file gets, ``ModelFile/version(for:)``, for a new model).
    public var formatVersion: UInt32 = ModelFile.formatVersion

    public init(
        settings: TrainingSettings, lexicon: Lexicon?, labels: [String], subModels: [SubModel], summary: TrainingSummary
    ) {
        self.settings = settings
        self.lexicon = lexicon
        self.labels = labels
        self.subModels = subModels
        self.summary = summary
        formatVersion = ModelFile.version(for: settings)
    }

    /// The sub-model that scores documents of `target`, or `nil` when a per-target model has none for it.
    public func subModel(for target: String?) -> SubModel? {
        if !settings.perTarget { return subModels.first }
        return subModels.first { $0.target == target }
    }
}
