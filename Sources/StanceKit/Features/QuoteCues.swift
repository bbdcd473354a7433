/// The cue words ``QuoteFamilyClassifier`` looks for around a quotation, in their normalised form (lower case,
/// Simplified and Traditional Chinese both, Vietnamese in NFC). Latin cues match whole words only; Han cues anywhere.
///
/// The lists were written from knowledge of news style in the three languages, not mined from the shared sets.
enum QuoteCues {
    /// Attribution: a speech verb or an attributing phrase.
    static let speech: [String] = [
        // English
        "said", "says", "say", "saying", "told", "tells", "tell", "according to", "stated", "states", "added",
        "adds", "asked", "asks", "noted", "notes", "wrote", "writes", "declared", "declares", "announced",
        "explained", "insisted", "insists", "argued", "argues", "stressed", "stresses", "urged", "warned", "warns",
        "claimed", "claims", "replied", "responded", "commented", "remarked", "recalled", "quoted", "statement",
        "spokesman", "spokeswoman", "spokesperson", "acknowledged", "admitted", "emphasized", "emphasised",
        "pointed out", "interview", "testified", "tweeted", "posted", "vowed", "pledged", "promised", "asserted",
        "described", "called",
        // Chinese (Simplified, then Traditional where it differs)
        "表示", "称", "稱", "说", "說", "指出", "强调", "強調", "认为", "認為", "回应", "回應", "透露", "宣称", "宣稱",
        "声称", "聲稱", "写道", "寫道", "提到", "坦言", "直言", "重申", "呼吁", "呼籲", "警告", "据", "據", "发言人", "發言人", "回答", "解释", "解釋",
        "形容", "批评", "批評", "谴责", "譴責", "质疑", "質疑", "补充",
        "補充", "告诉", "告訴", "引述", "发表", "發表", "讲话", "講話", "致辞", "致辭", "宣布", "宣佈", "承诺", "承諾",
        "要求", "认定", "認定", "报道", "報道", "报导", "報導", "声明", "聲明", "发文", "發文", "留言", "直指",
        "痛斥", "斥", "反驳", "反駁",
        // Vietnamese
        "cho biết", "nói", "phát biểu", "nhấn mạnh", "khẳng định", "tuyên bố", "cho rằng", "theo ông", "theo bà",
        "viết", "hỏi",
        "trả lời", "chia sẻ", "bày tỏ", "kêu gọi", "cảnh báo", "nêu rõ", "nhận định", "lưu ý", "thông báo",
        "người phát ngôn", "phát ngôn", "bình luận", "nhận xét",
    ]

    /// Distancing: the writer does not adopt the quoted (or following) term.
    static let distancing: [String] = [
        "so-called", "so called", "self-styled", "self-proclaimed", "supposed", "alleged", "purported",
        "所谓", "所謂", "号称", "號稱", "自称", "自稱", "美其名曰", "标榜", "標榜", "鼓吹", "打着", "打著", "自诩", "自詡",
        "cái gọi là", "cái được gọi là", "tự xưng là", "tự xưng", "được gọi là cái",
    ]

    /// The verbs of *what X calls "…"*, a distancing construction when *what* comes a few words before.
    static let whatCalls: [String] = ["call", "calls", "called", "terms", "termed", "dubs", "dubbed", "describes as"]

    /// Naming, just before the quotation: it is the name of something (a slogan, a policy, a title).
    static let namingBefore: [String] = [
        "called", "known as", "dubbed", "named", "titled", "entitled", "slogan", "the term", "the phrase", "the word",
        "the motto", "the theme", "the concept", "the principle", "the label", "the banner of",
        "称为", "稱為", "称之为", "稱之為", "名为", "名為", "叫做", "口号", "口號", "题为", "題為", "命名", "提出", "简称",
        "簡稱", "gọi là", "mang tên", "khẩu hiệu", "chủ đề", "phương châm", "đề ra",
    ]

    /// Naming, just after the quotation: the noun the quoted name belongs to (“一带一路”倡议, the "Belt and Road"
    /// initiative).
    static let namingAfter: [String] = [
        "initiative", "policy", "strategy", "principle", "slogan", "campaign", "doctrine", "concept", "framework",
        "plan", "program", "programme", "project", "model", "vision", "theory", "law", "act", "operation", "movement",
        "倡议", "倡議", "方针", "方針", "政策", "战略", "戰略", "原则", "原則", "口号", "口號", "理念", "精神", "思想",
        "构想", "構想", "计划", "計劃", "行动", "行動", "工程", "体系", "體系", "模式", "建设", "建設", "方略", "目标",
        "目標", "重要论述", "重要論述", "主题", "主題", "法", "条例", "條例", "运动", "運動", "政策", "论", "論",
        "sáng kiến", "chính sách", "chiến lược", "nguyên tắc", "khẩu hiệu", "chương trình", "phong trào", "học thuyết",
        "luật", "kế hoạch",
    ]
}
