/// What loading a rule set gives: the compiled rule set (nil on errors or for a fragment), its diagnostics and sources.
public struct RuleSetLoad: Sendable {
    /// nil when there were errors (nothing is evaluated from a rule set with errors) or for a fragment.
    public var ruleSet: RuleSet?
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceFile]
    var isFragment: Bool
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The semantic stage's front: loaded sources in, a checked and compiled `RuleSet` (or diagnostics) out.
public enum RuleSetCompiler {
    /// Loads `path` and its includes, checks and compiles them. Nothing is printed: the diagnostics are values
    /// (render them with `DiagnosticRenderer`). `RuleSetLoading.load` wraps this for callers that only score.
    ///
    /// ```swift
    /// let load = RuleSetCompiler.load("rules/mash.rules")
    /// print(DiagnosticRenderer(sources: load.sources).render(load.diagnostics), terminator: "")
    /// guard let ruleSet = load.ruleSet else { return }   // nil when there were errors
    /// ```
    public static func load(_ path: String, reader: SourceReader = FileSystemReader()) -> RuleSetLoad {
        compile(SourceLoader.load(path, reader: reader))
    }

    /// Checks and compiles files already loaded (the language service keeps their syntax for its index).
    static func compile(_ loaded: SourceLoader.Loaded) -> RuleSetLoad {
        if loaded.files.isEmpty {
            return RuleSetLoad(
                ruleSet: nil, diagnostics: loaded.diagnostics, sources: loaded.sources, isFragment: false)
        }
        if loaded.isFragment {
            // A fragment is checked on its own for syntax only; its meaning is checked through the rule sets that include it.
            return RuleSetLoad(ruleSet: nil, diagnostics: loaded.diagnostics, sources: loaded.sources, isFragment: true)
        }
        var diagnostics = loaded.diagnostics
        let compiler = Compiler(sources: loaded.sources)
        let ruleSet = compiler.compileAll(loaded.files, fingerprint: loaded.fingerprint)
        diagnostics += compiler.diagnostics
        let ok = !diagnostics.contains { $0.severity == .error }
        return RuleSetLoad(
            ruleSet: ok ? ruleSet : nil, diagnostics: DiagnosticLimit.apply(diagnostics), sources: loaded.sources,
            isFragment: false)
    }
}

extension Compiler {
    func compileAll(_ files: [RulesFileSyntax], fingerprint: String) -> RuleSet {
        let settings = collect(files)
        let (defaultLevel, clock) = checkLevels(settings, isRuleSet: true)
        // Definitions and scores in declaration order (each compiles what it uses first).
        for decl in declarationOrder {
            switch decl {
            case .define(let d) where defineDecls[d.name.text] != nil: _ = definitionIndex(d.name)
            case .score(let s) where scoreDecls[s.name.text] != nil: _ = scoreIndex(s.name)
            default: break
            }
        }
        var rules: [RuleSet.Rule] = []
        for r in ruleDecls {
            let (cond, got) = collectingReads { condition(r.condition, Context(allowOutcome: false)) }
            let level = levelIndex(r.level) ?? 0
            sites.rules.append(cond.site)
            sites.ruleLevels.append(r.level.span)
            rules.append(
                RuleSet.Rule(
                    name: r.name.text, label: r.label, level: level, condition: cond.node, because: r.because,
                    source: r.source, span: r.name.span, factsRead: got.facts.sorted(), scoresRead: got.scores.sorted())
            )
        }
        let caps = compileCaps()
        var advice: [RuleSet.Advice] = []
        for a in adviseDecls {
            let (cond, got) = collectingReads { condition(a.condition, Context(allowOutcome: true)) }
            sites.advice.append(cond.site)
            advice.append(
                RuleSet.Advice(
                    name: a.name.text, text: a.text, condition: cond.node, source: a.source, span: a.name.span,
                    factsRead: got.facts.sorted()))
        }
        compileQuestionPlans()
        let header = settings.header
        return RuleSet(
            name: header?.name ?? "", version: header?.version, source: header?.source, fingerprint: fingerprint,
            files: files.map(\.file.path), facts: facts, levels: levels, defaultLevel: defaultLevel, clockFact: clock,
            calendar: WorkingCalendar(
                holidays: settings.holidays, region: settings.calendar?.region,
                labels: settings.holidayLabels), definitions: definitions, scores: scores,
            rules: rules, caps: caps, advice: advice, steps: steps, sites: sites)
    }
}

extension Compiler {
    /// Each `cap`: its condition (`when`, and `not unless`), compiled as a rule's is (no `outcome`: a cap
    /// limits the outcome, so it cannot read it).
    func compileCaps() -> [RuleSet.Cap] {
        var caps: [RuleSet.Cap] = []
        for c in capDecls {
            let (when, got) = collectingReads { condition(c.condition, Context(allowOutcome: false)) }
            var node = when.node
            var site = when.site
            var facts = got.facts
            let whenReads = got.facts.sorted()
            var unlessNode: BoolNode?
            var unlessReads: [Int] = []
            if let u = c.unless {
                let (unless, more) = collectingReads { condition(u, Context(allowOutcome: false)) }
                node = .and([when.node, .not(unless.node)])
                site = NodeSite(c.condition.span, [when.site, NodeSite(u.span, [unless.site])])
                unlessNode = unless.node
                unlessReads = more.facts.sorted()
                facts.formUnion(more.facts)
            }
            let level = levelIndex(c.level) ?? 0
            sites.caps.append(site)
            sites.capLevels.append(c.level.span)
            caps.append(
                RuleSet.Cap(
                    name: c.name.text, label: c.label, level: level, when: when.node, unless: unlessNode,
                    condition: node, whenReads: whenReads, unlessReads: unlessReads,
                    because: c.because, source: c.source, span: c.name.span, factsRead: facts.sorted()))
        }
        return caps
    }
}
