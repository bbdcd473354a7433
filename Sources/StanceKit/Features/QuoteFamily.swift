/// What a quotation does in a news text: three families that a framing model should not lump together.
///
/// - `reported`: reported speech, someone's words given as theirs (a speech verb or attribution nearby: *said*,
///   *told*, *according to*, 表示, 称, 指出, *cho biết*, *nói*). Which outlet quotes whom, and how often, is house
///   style as much as framing.
/// - `distancing`: the writer holds the quoted (or so-called) term at arm's length: *so-called*, 所谓, 所謂,
///   *cái gọi là*, *self-proclaimed*, 号称, or *what X calls*. An op-ed's ironic "New Cold War" belongs here.
/// - `term`: a slogan, an official name or a coined phrase quoted as a name (“一国两制”, "Belt and Road"): the
///   writer adopts the term, so it counts for the framing it names.
///
/// ``QuoteFamilyClassifier`` assigns them by rule; `labels/quotes/` holds hand labels to measure the rule.
public enum QuoteFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case reported
    case distancing
    case term
}
