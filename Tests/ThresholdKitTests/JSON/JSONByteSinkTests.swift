import XCTest

@_spi(Bench) @testable import ThresholdKit

final class JSONByteSinkTests: XCTestCase {
    private func text(_ body: (inout JSONByteSink) -> Void) -> String {
        var sink = JSONByteSink(capacity: 64)
        body(&sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    func testDateTimeIsTheISOFormAsAString() {
        let samples: [CivilDateTime] = [
            CivilDateTime(minutesSinceEpoch: 0),
            CivilDateTime(minutesSinceEpoch: 25_876_800 + 16 * 60 + 5),  // 2019-03-15 16:05
            CivilDateTime(minutesSinceEpoch: -1),  // 1969-12-31 23:59
            CivilDateTime(minutesSinceEpoch: -60_000_000_000),  // a year before 0
            CivilDateTime.min, CivilDateTime.max,
        ]
        for d in samples {
            XCTAssertEqual(text { $0.dateTime(d) }, "\"\(d.isoDescription)\"", "\(d.minutesSinceEpoch)")
        }
    }

    func testDateTimeTakesCommasLikeAnyValue() {
        let d = CivilDateTime(minutesSinceEpoch: 0)
        let out = text { w in
            w.beginArray()
            w.dateTime(d)
            w.dateTime(d)
            w.endArray()
        }
        XCTAssertEqual(out, "[\"1970-01-01T00:00\",\"1970-01-01T00:00\"]")
    }

    func testNumbersAreWrittenInTheirCanonicalForm() {
        var values = (-150...150).map { ExactNumber($0) }
        values += [
            ExactNumber(units: 99_999_999), ExactNumber(units: 100_000_000), ExactNumber(units: 1),
            ExactNumber(units: -1),
            ExactNumber(units: 2_500_000), ExactNumber.max, ExactNumber.min,
        ]
        for v in values {
            XCTAssertEqual(text { $0.number(v) }, v.description, "\(v.units)")
        }
    }

    func testSameCallsSameBytesAsJSONWriter() {
        let long = String(repeating: "\"é\u{2028}\n", count: 40)  // past the sink's 64 bytes: it grows
        var w = JSONWriter()
        let out = text { sink in
            sink.beginArray()
            w.beginArray()
            for flag in [true, false] {
                sink.bool(flag)
                w.bool(flag)
            }
            sink.null()
            w.null()
            sink.beginObject()
            w.beginObject()
            for (key, value) in [("a", long), (long, "b"), ("", "")] {
                sink.key(key)
                w.key(key)
                sink.string(value)
                w.string(value)
            }
            sink.key("n")
            w.key("n")
            sink.beginArray()
            w.beginArray()
            sink.int(-42)
            w.int(-42)
            sink.number(ExactNumber(units: -1_500_000))
            w.number(ExactNumber(units: -1_500_000))
            sink.endArray()
            w.endArray()
            sink.endObject()
            w.endObject()
            sink.endArray()
            w.endArray()
        }
        XCTAssertEqual(out, w.text)
        XCTAssertTrue(out.hasPrefix(#"[true,false,null,{"a":"\"é\u2028\n"#), out)
        XCTAssertTrue(out.hasSuffix(#"":"","n":[-42,-1.5]}]"#), out)
    }

    func testPrefixAndSuffixManageCommas() {
        let open = Array("{\"a\":".utf8)
        let close = Array(",\"b\":2}".utf8)
        let out = text { w in
            w.beginArray()
            open.withUnsafeBufferPointer { w.prefix(encoded: $0) }
            w.int(1)
            close.withUnsafeBufferPointer { w.suffix(encoded: $0) }
            open.withUnsafeBufferPointer { w.prefix(encoded: $0) }
            w.int(3)
            close.withUnsafeBufferPointer { w.suffix(encoded: $0) }
            w.endArray()
        }
        XCTAssertEqual(out, "[{\"a\":1,\"b\":2},{\"a\":3,\"b\":2}]")
    }
}
