import Foundation
import Testing

@testable import StanceKit

/// Paragraphs the project wrote for these tests: distinct topics, so that different paragraphs share few shingles.
enum NearDuplicateFixtures {
    static let english = [
        "The harbour authority said on Monday that container traffic had fallen for a third month, blaming weaker "
            + "demand for furniture and the closure of two northern routes during the storm season.",
        "Farmers in the river valley planted less rice this spring because the reservoir stayed low after a dry "
            + "winter, and several cooperatives asked the province for help with pumps and seed.",
        "A new cycling lane opened along the old tram line, and the city council promised to add lights at the "
            + "three crossings where residents had complained about speeding delivery vans.",
        "The national museum will lend twelve bronze vessels to a touring exhibition next year, its director told "
            + "reporters, after restorers finished cleaning the inscriptions on their rims.",
        "Teachers at the vocational college voted to accept a pay offer that raises salaries in two steps, ending "
            + "a dispute that had delayed the start of the autumn term by a week.",
        "Hospital managers warned that the waiting list for knee operations had doubled since the spring, and "
            + "asked the ministry to fund weekend theatre sessions at the regional clinics.",
        "The weather office expects heavy snow on the mountain passes by Thursday and advised drivers to carry "
            + "chains, blankets and enough fuel for a night spent waiting on the road.",
        "A chess club founded by retired railway workers celebrated its fiftieth year with a tournament that drew "
            + "players from nine towns, the youngest of them only eleven years old.",
        "Engineers began replacing the cables of the suspension bridge, a job that will close one lane at night "
            + "until the end of the year and cost about four times the first estimate.",
        "The public library extended its opening hours on Sundays after a survey showed that students had nowhere "
            + "quiet to study once the university reading rooms closed at six.",
    ]
    static let simplified = [
        "港口管理局周一表示，集装箱吞吐量已连续第三个月下降，原因是家具需求减弱以及风暴季节两条北方航线暂停运营。",
        "河谷地区的农民今年春天少种了水稻，因为干燥的冬天过后水库水位一直偏低，几家合作社已向省里申请水泵和种子。",
        "沿着旧电车线路的新自行车道已经开通，市议会承诺在居民投诉送货车超速的三个路口加装信号灯。",
        "国家博物馆明年将向巡回展览出借十二件青铜器，馆长对记者说，修复人员已经清理完器物口沿上的铭文。",
    ]
    static let traditional = [
        "職業學院的教師投票接受加薪方案，薪金分兩步上調，結束了一場令秋季學期推遲一週開課的爭議。",
        "醫院管理層警告，膝關節手術的輪候名單自春季以來已經倍增，並要求部門撥款在地區診所增設週末手術時段。",
        "天文台預計週四山口將有大雪，建議駕駛人士攜帶防滑鏈、毛毯和足夠燃料，以防需要在路上等候一整夜。",
        "由退休鐵路工人創辦的棋會以一場錦標賽慶祝成立五十週年，吸引了九個市鎮的棋手參加，最年輕的只有十一歲。",
    ]
    static let vietnamese = [
        "Các kỹ sư bắt đầu thay cáp của cây cầu treo, công việc sẽ khiến một làn xe bị đóng vào ban đêm cho đến cuối "
            + "năm và tốn gấp bốn lần dự toán ban đầu.",
        "Thư viện công cộng kéo dài giờ mở cửa vào Chủ nhật sau khi một cuộc khảo sát cho thấy sinh viên không có chỗ "
            + "yên tĩnh để học khi phòng đọc của trường đóng cửa lúc sáu giờ.",
        "Ban quản lý chợ nổi cho biết lượng khách du lịch tăng mạnh trong mùa nước nổi, nhưng nhiều hộ buôn bán vẫn lo "
            + "ngại giá xăng dầu và phí bến bãi tăng.",
        "Một nhóm học sinh trung học đã chế tạo máy lọc nước bằng năng lượng mặt trời cho ngôi làng ven biển, nơi "
            + "nước giếng bị nhiễm mặn sau nhiều năm hạn hán.",
    ]

    /// The paragraphs of `indices` of `pool`, one per line.
    static func text(_ pool: [String], _ indices: [Int]) -> String {
        indices.map { pool[$0] }.joined(separator: "\n")
    }
}

@Suite struct NearDuplicateDetectorTests {
    typealias F = NearDuplicateFixtures

    /// Settings whose S-curve makes every pair with Jaccard ≥ 0.3 a candidate with near certainty.
    func steepSettings(jaccard: Double = 0.5) -> NearDuplicateSettings {
        var settings = NearDuplicateSettings()
        settings.bands = 64
        settings.rows = 2
        settings.jaccard = jaccard
        return settings
    }

    @Test func identicalTextsClusterAsCopiesInEveryLanguage() throws {
        let detector = try NearDuplicateDetector()
        for pool in [F.english, F.simplified, F.traditional, F.vietnamese] {
            let original = F.text(pool, [0, 1, 2])
            let respaced = "  " + original.replacingOccurrences(of: "\n", with: "\n\n ") + " "
            let texts = [original, F.text(pool, [3]), respaced, original]
            let result = detector.clusters(of: texts, threads: 1)
            #expect(result.clusters.count == 1)
            let cluster = try #require(result.clusters.first)
            #expect(cluster.representative == 0)
            #expect(cluster.links.map(\.member) == [2, 3])
            #expect(cluster.links.allSatisfy { $0.identical && $0.jaccard == 1 })
            #expect(cluster.onlyCopies)
            #expect(result.keptDocuments == [true, true, false, false])
        }
    }

    @Test func aChangedParagraphClustersAtTheRightThreshold() throws {
        // Ten paragraphs; the copy replaces the fourth by another: about 9 of 11 distinct paragraphs shared.
        let original = F.text(F.english, [0, 1, 2, 3, 4, 5, 6, 7, 8])
        let edited = F.text(F.english, [0, 1, 2, 9, 4, 5, 6, 7, 8])
        let texts = [original, edited]
        let hasher = ShingleHasher(settings: NearDuplicateSettings())
        let a = hasher.shingleSet(of: original)
        let b = hasher.shingleSet(of: edited)
        let shared = sortedIntersectionCount(a, b)
        let exact = Double(shared) / Double(a.count + b.count - shared)
        #expect(exact > 0.6 && exact < 0.85)

        let found = try NearDuplicateDetector(settings: steepSettings(jaccard: 0.6)).clusters(of: texts)
        #expect(found.clusters.count == 1)
        let link = try #require(found.clusters.first?.links.first)
        #expect(link.member == 1 && !link.identical)
        #expect(abs(link.jaccard - exact) < 1e-12)

        var strict = steepSettings(jaccard: 0.9)
        strict.containment = 0.95
        let missed = try NearDuplicateDetector(settings: strict).clusters(of: texts)
        #expect(missed.clusters.isEmpty)
        #expect(missed.candidatePairs == 1 && missed.confirmedPairs == 0)
    }

    @Test func changedSentencesInChineseAndVietnamese() throws {
        for pool in [F.simplified, F.traditional, F.vietnamese] {
            let original = F.text(pool, [0, 1, 2, 3])
            // One paragraph loses its last clause: a lightly edited repost.
            var paragraphs = [pool[0], pool[1], pool[2], pool[3]]
            paragraphs[2] = String(paragraphs[2].prefix(paragraphs[2].count * 2 / 3))
            let edited = paragraphs.joined(separator: "\n")
            let result = try NearDuplicateDetector(settings: steepSettings()).clusters(of: [original, edited])
            #expect(result.clusters.count == 1)
            let link = try #require(result.clusters.first?.links.first)
            #expect(link.jaccard > 0.7 && link.containment > 0.9)
        }
    }

    @Test func disjointTextsDoNotCluster() throws {
        let texts = [
            F.text(F.english, [0, 1]), F.text(F.english, [2, 3]), F.text(F.english, [4, 5]),
            F.text(F.simplified, [0, 1]), F.text(F.simplified, [2, 3]), F.text(F.traditional, [0, 1]),
            F.text(F.traditional, [2, 3]), F.text(F.vietnamese, [0, 1]), F.text(F.vietnamese, [2, 3]),
        ]
        let result = try NearDuplicateDetector(settings: steepSettings()).clusters(of: texts, threads: 2)
        #expect(result.clusters.isEmpty)
        #expect(result.confirmedPairs == 0)
    }

    @Test func clustersDoNotChainTransitively() throws {
        // A = 0…5, B = 3…8 (J ≈ 0.33 with A), C = 6…9 plus new text (J ≈ 0.3 with B, 0 with A).
        let a = F.text(F.english, [0, 1, 2, 3, 4, 5])
        let b = F.text(F.english, [2, 3, 4, 5, 6, 7])
        let c = F.text(F.english, [4, 5, 6, 7, 8, 9])
        let hasher = ShingleHasher(settings: NearDuplicateSettings())
        func jaccard(_ x: String, _ y: String) -> Double {
            let p = hasher.shingleSet(of: x)
            let q = hasher.shingleSet(of: y)
            let shared = sortedIntersectionCount(p, q)
            return Double(shared) / Double(p.count + q.count - shared)
        }
        #expect(jaccard(a, b) > 0.45 && jaccard(b, c) > 0.45 && jaccard(a, c) < 0.25)
        var settings = steepSettings(jaccard: 0.4)
        settings.containment = 1
        let result = try NearDuplicateDetector(settings: settings).clusters(of: [a, b, c])
        #expect(result.confirmedPairs == 2)
        #expect(result.clusters.count == 1)
        #expect(result.clusters[0].documents == [0, 1])
        #expect(result.clusterOfDocument == [0, 0, nil])
        // In the other order B comes first and takes both A and C: each is confirmed against B.
        let reversed = try NearDuplicateDetector(settings: settings).clusters(of: [b, a, c])
        #expect(reversed.clusters.map(\.documents) == [[0, 1, 2]])
    }

    @Test func containmentCatchesATruncatedRepost() throws {
        let full = F.text(F.english, [0, 1, 2, 3, 4, 5])
        let truncated = F.text(F.english, [0, 1, 2, 3])
        var settings = steepSettings(jaccard: 0.9)
        settings.minimumContainedShingles = 50
        let result = try NearDuplicateDetector(settings: settings).clusters(of: [full, truncated])
        let link = try #require(result.clusters.first?.links.first)
        #expect(link.jaccard < 0.9 && link.containment > 0.99)
        settings.minimumContainedShingles = 100_000
        #expect(try NearDuplicateDetector(settings: settings).clusters(of: [full, truncated]).clusters.isEmpty)
    }

    @Test func sameClustersAtOneAndTwoThreads() throws {
        var texts: [String] = []
        for pool in [F.english, F.simplified, F.traditional, F.vietnamese] {
            for start in 0..<pool.count {
                let indices = (0..<3).map { (start + $0) % pool.count }
                texts.append(F.text(pool, indices))
                texts.append(F.text(pool, indices.reversed()))
            }
        }
        texts += texts.prefix(5)
        let detector = try NearDuplicateDetector(settings: steepSettings(jaccard: 0.3))
        let one = detector.clusters(of: texts, threads: 1)
        let two = detector.clusters(of: texts, threads: 2)
        #expect(one == two)
        #expect(!one.clusters.isEmpty)
        var seeded = steepSettings(jaccard: 0.3)
        seeded.seed = 7
        let other = try NearDuplicateDetector(settings: seeded).clusters(of: texts, threads: 2)
        let otherOne = try NearDuplicateDetector(settings: seeded).clusters(of: texts, threads: 1)
        #expect(other == otherOne)
    }

    @Test func signatureAgreementEstimatesJaccard() throws {
        // For K = 256 values the share of agreeing values has standard deviation about √(J(1−J)/K) ≤ 0.031; every
        // estimate must lie within four of them (plus the hash's tiny bias) of the exact Jaccard similarity.
        var settings = NearDuplicateSettings()
        settings.bands = 64
        settings.rows = 4
        let k = Double(settings.signatureSize)
        for seed in UInt64(0)..<4 {
            settings.seed = seed
            let hasher = ShingleHasher(settings: settings)
            let base = F.text(F.english, Array(0..<10))
            for keep in [2, 4, 6, 8] {
                // Short pieces leave bins empty, so densification is exercised too.
                let other = F.text(F.english, Array(0..<keep) + [9 - keep / 4])
                let p = hasher.shingleSet(of: base)
                let q = hasher.shingleSet(of: other)
                let shared = sortedIntersectionCount(p, q)
                let exact = Double(shared) / Double(p.count + q.count - shared)
                let x = try #require(hasher.signature(of: base).values)
                let y = try #require(hasher.signature(of: other).values)
                let estimate = Double(zip(x, y).filter { $0 == $1 }.count) / k
                let bound = 4 * (exact * (1 - exact) / k).squareRoot() + 0.01
                #expect(abs(estimate - exact) <= bound, "J \(exact) estimated \(estimate)")
            }
            // A text shorter than K shingles leaves most bins empty: agreement with itself stays exact.
            let short = hasher.signature(of: "短文本").values!
            #expect(short == hasher.signature(of: "短 文本").values!)
            #expect(Set(short).count > 1)
        }
    }

    @Test func sCurveMatchesTheFormula() {
        let settings = NearDuplicateSettings()
        // 1 − (1 − 0.5⁴)³² = 1 − 0.9375³², worked by hand: 0.9375² = 0.87890625, ⁴ = 0.772476, ⁸ = 0.596720,
        // ¹⁶ = 0.356074, ³² = 0.126789.
        #expect(abs(settings.candidateProbability(jaccard: 0.5) - 0.873211) < 1e-5)
        #expect(settings.candidateProbability(jaccard: 0) == 0)
        #expect(settings.candidateProbability(jaccard: 1) == 1)
    }

    @Test func mergedKeysKeepClustersTogetherInFolds() throws {
        // Twelve documents; documents 0 and 1 are near-duplicates carrying different labels.
        var texts = [F.text(F.english, [0, 1, 2, 3, 4]), F.text(F.english, [0, 1, 2, 3, 4, 5])]
        for index in 6..<10 { texts.append(F.english[index]) }
        texts += F.simplified + F.traditional.prefix(2)
        let labels = (0..<texts.count).map { $0 % 2 == 0 ? "left" : "right" }
        let clustering = try NearDuplicateDetector(settings: steepSettings()).clusters(of: texts)
        #expect(clustering.clusters.map(\.documents) == [[0, 1]])
        let keys = texts.map { duplicateKey(of: $0) }
        let merged = clustering.mergedKeys(keys)
        #expect(merged[1] == keys[0] && merged[2] == keys[2])
        for seed in UInt64(0)..<5 {
            let folds = try assignFolds(labels: labels, duplicateKeys: merged, folds: 3, seed: seed)
            #expect(folds[0] == folds[1])
        }
        let conflicts = clustering.conflicts(labels: labels, groups: texts.indices.map { $0 == 1 ? "B" : "A" })
        #expect(conflicts == [NearDuplicateConflict(cluster: 0, labels: ["left", "right"], groups: ["A", "B"])])
        #expect(keepOnePerCluster(Array(texts.indices), clustering: clustering) == [0] + Array(2..<texts.count))
    }

    @Test func largeBucketsPairOnlyTheirFirstMembers() throws {
        // Forty versions of one text differing in a final number: one LSH bucket per band holds all of them.
        let base = F.text(F.english, [0, 1, 2, 3])
        let texts = (0..<40).map { base + "\n(\($0))" }
        var settings = steepSettings()
        settings.maximumBucketPairs = 5
        let limited = try NearDuplicateDetector(settings: settings).clusters(of: texts, threads: 2)
        // In a bucket, each of its first five is paired with every later text; bands whose bucket is split by the
        // final number pair fewer texts, so the union holds more than 39 + 38 + 37 + 36 + 35 but not every pair.
        let unlimited = try NearDuplicateDetector(settings: steepSettings()).clusters(of: texts)
        #expect(unlimited.candidatePairs == 40 * 39 / 2)
        #expect(limited.candidatePairs >= 185 && limited.candidatePairs < unlimited.candidatePairs)
        #expect(limited.clusters.map(\.documents) == [Array(0..<40)])
        #expect(unlimited.clusters == limited.clusters)
    }

    @Test func invalidSettingsAreRefused() {
        var settings = NearDuplicateSettings()
        settings.jaccard = 0
        #expect(throws: NearDuplicateError.self) { try NearDuplicateDetector(settings: settings) }
        settings = NearDuplicateSettings()
        settings.shingleLength = 0
        #expect(throws: NearDuplicateError.self) { try NearDuplicateDetector(settings: settings) }
    }
}
