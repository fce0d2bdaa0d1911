/// Renders a test report as JUnit XML, for CI servers:
/// ```
/// <testsuites name="threshold test" tests="2" failures="1" errors="0">
///   <testsuite name="scenarios/a.scenario" tests="2" failures="1" errors="0">
///     <properties>…rules, ruleset, fingerprint…</properties>
///     <testcase classname="scenarios.a" name="mathew" file="scenarios/a.scenario" line="3">
///       <failure message="expected outcome red, got amber (…)" type="expectation">…details…</failure>
///     </testcase>
/// ```
/// A file that could not be loaded is a suite with one `<testcase name="(load)">` holding an
/// `<error>` with the diagnostics. No timings, so the same run gives the same bytes.
///
/// ```swift
/// let xml = TestReportJUnitRenderer().render(TestRunner().run(["scenarios/camden/front-door.scenario"]))
/// ```
public struct TestReportJUnitRenderer {
    public init() {}

    public func render(_ report: TestReport) -> String {
        let unloadable = report.unloadable.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"threshold test\" tests=\"\(report.scenarios.count + unloadable)\""
        out += " failures=\"\(report.failed)\" errors=\"\(unloadable)\">\n"
        for file in report.files { out += suite(file, report) }
        out += "</testsuites>\n"
        return out
    }

    func suite(_ file: TestReport.FileResult, _ report: TestReport) -> String {
        let errors = file.loaded ? 0 : 1
        var out = "  <testsuite name=\"\(XMLEscaping.attribute(file.path))\" tests=\"\(file.scenarios.count + errors)\""
        out += " failures=\"\(file.failed)\" errors=\"\(errors)\">\n"
        out += properties(file)
        let classname = XMLEscaping.attribute(Self.classname(file.path))
        let path = XMLEscaping.attribute(file.path)
        if !file.loaded {
            let text = DiagnosticRenderer(sources: report.sources).render(file.diagnostics)
            let n = file.errors.count
            out += "    <testcase classname=\"\(classname)\" name=\"(load)\" file=\"\(path)\">\n"
            out +=
                "      <error message=\"\(XMLEscaping.attribute("could not be loaded: \(TestReport.count(n, "error"))"))\" type=\"load\">"
            out += XMLEscaping.text(text) + "</error>\n"
            out += "    </testcase>\n"
        }
        let text = TestReportTextRenderer()
        for s in file.scenarios {
            out += "    <testcase classname=\"\(classname)\" name=\"\(XMLEscaping.attribute(s.id))\" file=\"\(path)\""
            if let line = s.line { out += " line=\"\(line)\"" }
            if s.passed {
                out += "/>\n"
                continue
            }
            let message = s.failures.map(\.message).joined(separator: "; ")
            out += ">\n      <failure message=\"\(XMLEscaping.attribute(message))\" type=\"expectation\">"
            out += XMLEscaping.text(text.scenario(s)) + "</failure>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n"
        return out
    }

    /// The rule set each suite ran against, so a CI record traces to the exact rules.
    func properties(_ file: TestReport.FileResult) -> String {
        var props: [(String, String)] = []
        if let p = file.rulesPath { props.append(("rules", p)) }
        if let rs = file.ruleSet {
            props.append(("ruleset", rs.name + (rs.version.map { " \($0)" } ?? "")))
            props.append(("fingerprint", rs.fingerprint))
        }
        guard !props.isEmpty else { return "" }
        var out = "    <properties>\n"
        for (name, value) in props {
            out +=
                "      <property name=\"\(XMLEscaping.attribute(name))\" value=\"\(XMLEscaping.attribute(value))\"/>\n"
        }
        return out + "    </properties>\n"
    }

    /// `scenarios/camden/front-door.scenario` → `scenarios.camden.front-door`.
    static func classname(_ path: String) -> String {
        var p = Paths.normalize(path)
        if p.hasSuffix(".scenario") { p.removeLast(".scenario".count) }
        while p.hasPrefix("../") { p.removeFirst(3) }
        if p.hasPrefix("/") { p.removeFirst() }
        return p.replacingSlashes()
    }
}

extension String {
    fileprivate func replacingSlashes() -> String { String(map { $0 == "/" ? "." : $0 }) }
}

/// Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot carry (control
/// characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD.
enum XMLEscaping {
    /// For a double-quoted attribute value; line breaks and tabs are kept as character references.
    static func attribute(_ s: String) -> String { escape(s, inAttribute: true) }

    /// For element content.
    static func text(_ s: String) -> String { escape(s, inAttribute: false) }

    /// Works on UTF-8 bytes (a large report escapes megabytes): ASCII markup characters are replaced,
    /// other bytes copied, except control bytes and the encodings of U+FFFE/U+FFFF (EF BF BE/BF).
    static func escape(_ s: String, inAttribute: Bool) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += inAttribute ? Array("&quot;".utf8) : [b]
            case UInt8(ascii: "'"): out += inAttribute ? Array("&apos;".utf8) : [b]
            case 0x0A: out += inAttribute ? Array("&#10;".utf8) : [b]
            case 0x0D: out += Array("&#13;".utf8)
            case 0x09: out += inAttribute ? Array("&#9;".utf8) : [b]
            case 0xEF
            where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                out += replacement
                i += 2
            default:
                if b < 0x20 { out += replacement } else { out.append(b) }
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// U+FFFD in UTF-8.
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
}
