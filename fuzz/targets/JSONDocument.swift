// The JSON reader: any bytes parse or give an error with a position inside the input; a parsed value
// written back out parses again to the same value.
@_spi(Bench) @testable import ThresholdKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    do {
        let value = try JSONReader.parse(bytes: bytes)
        var w = JSONWriter()
        w.value(value)
        let again: JSONValue
        do { again = try JSONReader.parse(bytes: w.bytes) } catch { finding("written JSON does not parse: \(error)") }
        if again != value { finding("JSON changed on the way round") }
        // The scenario decoder reads any value (a scenario, or an error message).
        _ = JSONScenarioDecoder(ruleSet: fuzzRuleSet).decode(value, defaultID: "x")
    } catch {
        if error.offset < 0 || error.offset > size { finding("error offset \(error.offset) outside 0...\(size)") }
        if error.line < 1 || error.column < 1 { finding("error line \(error.line) column \(error.column)") }
    }
    return 0
}
