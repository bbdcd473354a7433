import Foundation

/// Normalises news text for feature extraction: masking, language identification, NFKC and lower case, folded
/// typography, quotation spans, Traditional-to-Simplified conversion and Vietnamese tone placement.
///
/// The steps, in order (see ``normalize(_:)``):
/// 1. **Masking.** Every mask term (outlet names, bylines) becomes the token `xxmask`, so that a model cannot learn
///    the outlet from its name (``MaskMatcher`` states the matching rules: Latin letters case-insensitive, whole words
///    for terms with Latin letters or digits at their ends, longest term first). URLs become `xxurl` and e-mail
///    addresses `xxemail` (``WebAddressDetector``).
/// 2. **Language** of the original text, before any script conversion (``LanguageIdentifier``).
/// 3. **Unicode NFKC and lower case** (skipped for ASCII, which needs only lower case).
/// 4. **Typography** folded so that house style is not a feature: curly and corner quotes to `"` and `'`, every dash
///    to `-`, ellipses to `...`, CJK punctuation to ASCII, whitespace runs to one space (``ScalarFoldingTable`` has
///    the full list).
/// 5. **Quotation spans**, found on the original marks before they are folded: `“…”`, `"…"` (straight double quotes
///    toggle), `「…」`, `『…』`, `«…»`, `„…“`, and `‘…’`, where `‘` opens only when no letter or digit stands before it
///    and `’` closes only when no letter or digit follows it (so the apostrophes of `don’t` and `China’s` are not
///    quotes). Penn Treebank quotes of tokenised corpora, ``` ``…'' ```, count too and become `"`. Quotes may nest;
///    only the outermost span is reported. An unclosed quotation ends at the end of its
///    paragraph (a line break) or 600 characters after it opened.
/// 6. **Traditional to Simplified** with OpenCC's phrase-level `t2s.json`, when `convertTraditional` is on. Only
///    runs of Han characters that contain a character `t2s.json` would change (``HanVariantTable``) go through
///    OpenCC: it converts about 8 MB/s, far slower than the rest, and Simplified and non-Chinese text never needs it.
/// 7. **Vietnamese**: NFC (part of NFKC) and one tone-mark placement (``VietnameseTones``) for every Latin word that
///    has a non-ASCII letter.
/// 8. **Machine-translation spacing** (``Options/machineTranslationSpacing``): stray spaces inside Latin words are
///    joined, `so -called` → `so-called`, `china 's` → `china's` (``MachineTranslationSpacing``).
///
/// Speed, measured on one core of the development machine (release build, tables built): the 214 MB English
/// Article-Bias-Prediction corpus at about 100–200 MB/s without mask terms and about 50 MB/s with its 491 outlet
/// names as mask terms; Simplified Chinese Weibo posts at about 40–65 MB/s; Vietnamese news at about 20–30 MB/s;
/// Traditional Chinese at about 3 MB/s, within 20% of OpenCC converting the same texts whole (its dictionary
/// look-ups take two thirds of the time), which is why only Han runs that need it are converted.
///
/// A normaliser is a value that can be shared by any number of threads: its tables are immutable, and its OpenCC
/// handles live in a lock-guarded pool (``OpenCCConverter``). The result does not depend on the thread it ran on.
public struct TextNormalizer: Sendable {
    /// What the normaliser does beyond the fixed steps.
    public struct Options: Sendable, Hashable, Codable {
        /// Whether Traditional Chinese is converted to Simplified (step 6).
        public var convertTraditional: Bool = true
        /// Terms replaced by `xxmask` (step 1): outlet names, bylines.
        public var maskTerms: [String] = []
        /// Whether stray spaces inside Latin words are joined (step 8, ``MachineTranslationSpacing``): `so -called`
        /// → `so-called`. On by default; off in models of format version 1, which were trained without it.
        public var machineTranslationSpacing: Bool = true

        public init(convertTraditional: Bool = true, maskTerms: [String] = [], machineTranslationSpacing: Bool = true) {
            self.convertTraditional = convertTraditional
            self.maskTerms = maskTerms
            self.machineTranslationSpacing = machineTranslationSpacing
        }

        private enum CodingKeys: String, CodingKey { case convertTraditional, maskTerms, machineTranslationSpacing }

        /// Decodes options; an absent `machineTranslationSpacing` (a model written before the step existed) is off.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            convertTraditional = try container.decodeIfPresent(Bool.self, forKey: .convertTraditional) ?? true
            maskTerms = try container.decodeIfPresent([String].self, forKey: .maskTerms) ?? []
            machineTranslationSpacing =
                try container.decodeIfPresent(Bool.self, forKey: .machineTranslationSpacing) ?? false
        }
    }

    public let options: Options
    let masks: MaskMatcher
    let converter: OpenCCConverter
    let table: ScalarFoldingTable

    /// Creates a normaliser, opening OpenCC's `t2s.json`.
    ///
    /// - Throws: ``TextNormalizationError/openCCUnavailable(configuration:reason:)`` (exit status 70) when OpenCC
    ///   cannot open `t2s.json`; the normaliser needs it even when `convertTraditional` is off, to tell Traditional
    ///   from Simplified text.
    public init(options: Options = Options()) throws {
        self.options = options
        self.converter = try OpenCCConverter(configuration: "t2s.json")
        self.masks = MaskMatcher(terms: options.maskTerms)
        self.table = ScalarFoldingTable.shared
    }

    /// Normalises one text.
    ///
    /// - Returns: the normalised text, its quotation spans as UTF-8 byte ranges of the normalised text, its
    ///   language, and for every UTF-8 offset of the normalised text (and one past its end) the UTF-8 offset of the
    ///   original text it came from.
    /// - Complexity: O(*n*) for a text of *n* UTF-8 bytes; Han runs with Traditional characters also pay OpenCC's
    ///   conversion.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0) }
    }

    func normalize(utf8 input: UnsafeBufferPointer<UInt8>) -> NormalizedText {
        normalize(utf8: input) { LanguageIdentifier.identify(utf8: $0, skipping: $1) }
    }

    /// As ``normalize(_:)``, with step 2 done by `identify` (given the text and the ranges to skip): a caller that
    /// needs more of the identification than the language (``ArticleScorer``'s language shares) takes it there.
    func normalize(
        utf8 input: UnsafeBufferPointer<UInt8>, identify: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> Language
    ) -> NormalizedText {
        let replacements = WebAddressDetector.merge(masks.matches(in: input), WebAddressDetector.find(in: input))
        let language = identify(input, replacements.map(\.range))
        var scan = NormalizationScan(
            input: input, replacements: replacements, table: table,
            converter: options.convertTraditional ? converter : nil)
        scan.run()
        let normalized = NormalizedText(
            text: String(decoding: scan.output, as: UTF8.self), quotedRanges: scan.quotedRanges, language: language,
            originMap: scan.offsets)
        return options.machineTranslationSpacing ? MachineTranslationSpacing.apply(to: normalized) : normalized
    }
}
