import StanceKit
import Synchronization
import Testing

@Suite struct WarningSinkTests {
    @Test func keepsEveryMessageInOrderAndHandsEachOnAtOnce() {
        let printed = Mutex<[String]>([])
        let sink = WarningSink { message in
            printed.withLock { $0.append("\(message.kind == .warning ? "warning" : "note"): \(message.text)") }
        }
        sink.note("skipped 2 records: empty text")
        sink.warn("the solver stopped at --max-iter 3 before converging to --tol 1e-06")
        sink.warn("90% of documents are in sources whose articles nearly all carry one label")
        #expect(
            printed.withLock { $0 } == [
                "note: skipped 2 records: empty text",
                "warning: the solver stopped at --max-iter 3 before converging to --tol 1e-06",
                "warning: 90% of documents are in sources whose articles nearly all carry one label",
            ])
        #expect(sink.messages.count == 3)
        #expect(
            sink.warnings == [
                "the solver stopped at --max-iter 3 before converging to --tol 1e-06",
                "90% of documents are in sources whose articles nearly all carry one label",
            ])
    }
}
