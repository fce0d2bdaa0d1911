/// Numbers and scores over the flat program: exact decimal interval arithmetic, as in `Evaluator.num`.
extension ProgramMachine {
    func num(_ i: Int32) -> NumRange? {
        let op = nums[Int(i)]
        switch op.code {
        case .constant: return NumRange(ExactNumber(units: op.constant))
        case .fact:
            if case .number(let n)? = facts[Int(op.first)] { return NumRange(n) }
            return nil
        case .definition:
            ensure(code.definitionStep[Int(op.first)])
            return state.definitionKnown[Int(op.first)] ? state.definitionNumbers[Int(op.first)] : nil
        case .scoreTotal:
            ensure(code.scoreStep[Int(op.first)])
            let s = state.scores[Int(op.first)]
            return NumRange(lo: ExactNumber(units: s.lo), hi: ExactNumber(units: s.hi))
        case .domainTotal:
            ensure(code.scoreStep[Int(op.second)])
            return NumRange(
                lo: ExactNumber(units: state.domainLow[Int(op.first)]),
                hi: ExactNumber(units: state.domainHigh[Int(op.first)]))
        case .negate:
            guard let v = num(op.first), let lo = ExactNumber.zero.subtracting(v.hi),
                let hi = ExactNumber.zero.subtracting(v.lo)
            else {
                return nil
            }
            return NumRange(lo: lo, hi: hi)
        case .arith:
            guard let x = num(op.first), let y = num(op.second) else { return nil }
            let o: ArithOp
            switch op.variant {
            case .add: o = .add
            case .subtract: o = .sub
            case .multiply: o = .mul
            default: o = .div
            }
            return Evaluator.arith(o, x, y)
        case .daysBetween:
            guard let x = time(op.first), let y = time(op.second) else { return nil }
            let days =
                Evaluator.floorDiv(y, CivilDateTime.minutesPerDay) - Evaluator.floorDiv(x, CivilDateTime.minutesPerDay)
            return NumRange(ExactNumber(Int(days)))
        case .yearsBetween:
            guard let x = time(op.first), let y = time(op.second) else { return nil }
            let da = CivilDate(daysSinceEpoch: Int32(clamping: Evaluator.floorDiv(x, CivilDateTime.minutesPerDay)))
            let db = CivilDate(daysSinceEpoch: Int32(clamping: Evaluator.floorDiv(y, CivilDateTime.minutesPerDay)))
            return NumRange(ExactNumber(CivilDate.yearsBetween(da, db)))
        case .node: return wholeNumber(op.first)
        }
    }

    /// A number node without an opcode of its own, run by the node semantics (kept out of `num`).
    @inline(never) private func wholeNumber(_ i: Int32) -> NumRange? {
        NodeSemantics(self).num(program.takeUnretainedValue().numberNodes[Int(i)])
    }

    /// Adds, saturating at the ends (an unbounded item keeps the range open).
    @inline(__always) static func saturating(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, overflow) = a.addingReportingOverflow(b)
        if !overflow { return s }
        return b < 0 ? .min : .max
    }

    /// A score's total, range, domain subtotals, band and floors (as `Evaluator.evaluateScore`).
    func score(_ s: Int) {
        let m = code.scores[s]
        if m.useBase && (!mayHaveChanged(s) || allDefault(m)) {
            for d in Int(m.domainStart)..<Int(m.domainStart + m.domainCount) {
                state.domainLow[d] = code.domainBaseLow[d]
                state.domainHigh[d] = code.domainBaseHigh[d]
                state.domainTotal[d] = code.domainBaseTotal[d]
            }
            (state.items + Int(m.itemStart)).update(from: code.itemBase + Int(m.itemStart), count: Int(m.itemCount))
            finish(s, m, m.baseTotal, m.baseLow, m.baseHigh, bands: (m.baseBand, m.baseMinBand, m.baseMaxBand))
            return
        }
        var total: Int64 = 0
        var lo: Int64 = 0
        var hi: Int64 = 0
        for d in 0..<Int(m.domainCount) {
            let k = Int(m.domainStart) + d
            state.domainLow[k] = 0
            state.domainHigh[k] = 0
            state.domainTotal[k] = 0
        }
        if !m.bounded || !boundedItems(m, &total, &lo, &hi) {
            for d in 0..<Int(m.domainCount) {
                let k = Int(m.domainStart) + d
                state.domainLow[k] = 0
                state.domainHigh[k] = 0
                state.domainTotal[k] = 0
            }
            total = 0
            lo = 0
            hi = 0
            items(m, &total, &lo, &hi)
        }
        finish(s, m, total, lo, hi)
    }

    /// False when no fact score `s`'s items read is among those the scenario changed (see `ProgramState.changedScores`).
    @inline(__always) private func mayHaveChanged(_ s: Int) -> Bool {
        s >= 64 || (UInt64(bitPattern: Int64(state.changedScores)) >> UInt64(s)) & 1 != 0
    }

    /// True when every fact the score's items read has its default (or is unknown, having none).
    @inline(__always) private func allDefault(_ m: EvaluationProgram.ScoreMeta) -> Bool {
        for k in Int(m.readStart)..<Int(m.readStart + m.readCount) {
            let r = code.reads[k]
            let value = facts[Int(r.slot)]
            switch r.kind {
            case .unknown: if case .none = value { continue }
            case .bool: if case .bool(let b)? = value, (b ? 1 : 0) == r.value { continue }
            case .number: if case .number(let n)? = value, n.units == r.value { continue }
            case .option: if case .option(let i)? = value, Int64(i) == r.value { continue }
            case .level: if case .level(let l)? = value, Int64(l) == r.value { continue }
            }
            return false
        }
        return true
    }

    /// The items of a bounded score: no partial sum can overflow, so no saturation, no branches on the
    /// value, and each run of items of one domain summed before it is added to the domain. False (the
    /// caller starts again with `items`) when an `add` value is outside the bounds its type promised.
    @inline(__always) private func boundedItems(
        _ m: EvaluationProgram.ScoreMeta, _ total: inout Int64, _ lo: inout Int64,
        _ hi: inout Int64
    ) -> Bool {
        for r in Int(m.runStart)..<Int(m.runStart + m.runCount) {
            let run = code.runs[r]
            var runYes: Int64 = 0
            var runLow: Int64 = 0
            var runHigh: Int64 = 0
            for k in Int(run.start)..<Int(run.end) {
                let item = code.items[k]
                if !item.isAdd {
                    let t: Tri
                    if item.slot >= 0 {
                        if case .bool(let b)? = facts[Int(item.slot)] { t = b ? .yes : .no } else { t = .unknown }
                    } else {
                        t = child(item.node)
                    }
                    state.items[k] = t
                    let w = item.weight
                    let yes = t == .yes ? w : 0
                    let maybe = t != .no ? w : 0
                    runYes &+= yes
                    runLow &+= Swift.min(yes, maybe)
                    runHigh &+= Swift.max(yes, maybe)
                } else if let v = addValue(item) {
                    if v.lo.units < item.valueMin || v.hi.units > item.valueMax { return false }
                    state.items[k] = .yes
                    let known = item.hasCap ? Swift.min(v.lo.units, item.cap) : v.lo.units
                    runYes &+= known
                    runLow &+= known
                    runHigh &+= item.hasCap ? Swift.min(v.hi.units, item.cap) : v.hi.units
                } else {
                    state.items[k] = .unknown
                    runLow &+= item.unknownLow
                    runHigh &+= item.unknownHigh
                }
            }
            total &+= runYes
            lo &+= runLow
            hi &+= runHigh
            if run.domain >= 0 {
                let d = Int(run.domain)
                state.domainTotal[d] &+= runYes
                state.domainLow[d] &+= runLow
                state.domainHigh[d] &+= runHigh
            }
        }
        return true
    }

    /// Any items, adding with saturation (an unbounded `add` keeps the range open).
    @inline(__always) private func items(
        _ m: EvaluationProgram.ScoreMeta, _ total: inout Int64, _ lo: inout Int64,
        _ hi: inout Int64
    ) {
        for k in Int(m.itemStart)..<Int(m.itemStart + m.itemCount) {
            let item = code.items[k]
            var known: Int64 = 0
            var low: Int64 = 0
            var high: Int64 = 0
            if !item.isAdd {
                let t = child(item.node)
                state.items[k] = t
                if t == .yes {
                    known = item.weight
                    low = item.weight
                    high = item.weight
                } else if t == .unknown {
                    if item.weight < 0 { low = item.weight } else { high = item.weight }
                }
            } else if let v = addValue(item) {
                state.items[k] = .yes
                known = item.hasCap ? Swift.min(v.lo.units, item.cap) : v.lo.units
                low = known
                high = item.hasCap ? Swift.min(v.hi.units, item.cap) : v.hi.units
            } else {
                state.items[k] = .unknown
                low = item.unknownLow
                high = item.unknownHigh
            }
            total = ProgramMachine.saturating(total, known)
            lo = ProgramMachine.saturating(lo, low)
            hi = ProgramMachine.saturating(hi, high)
            if item.domain >= 0 {
                let d = Int(item.domain)
                state.domainTotal[d] = ProgramMachine.saturating(state.domainTotal[d], known)
                state.domainLow[d] = ProgramMachine.saturating(state.domainLow[d], low)
                state.domainHigh[d] = ProgramMachine.saturating(state.domainHigh[d], high)
            }
        }
    }

    /// The bands strictly between `top` and `maxBand` that no floor in `open` gives (bands past 63 are not
    /// gaps: `s is B` stays unknown for them).
    @inline(never) static func gaps(above top: Int32, below maxBand: Int32, open: UInt64) -> UInt64 {
        var gaps: UInt64 = 0
        var b = top + 1
        while b < maxBand && b < 64 {
            if b >= 0 && open & (1 << UInt64(b)) == 0 { gaps |= 1 << UInt64(b) }
            b += 1
        }
        return gaps
    }

    /// The value of an `add` item: its fact read directly, or its number.
    @inline(__always) private func addValue(_ item: EvaluationProgram.ItemOp) -> NumRange? {
        if item.slot >= 0 {
            if case .number(let n)? = facts[Int(item.slot)] { return NumRange(n) }
            return nil
        }
        return num(item.node)
    }

    /// The band, the floors and the bands the range could give.
    /// `bands`: the bands of `total`, `lo` and `hi` when already known (the baseline's).
    @inline(__always) private func finish(
        _ s: Int, _ m: EvaluationProgram.ScoreMeta, _ total: Int64, _ lo: Int64, _ hi: Int64,
        bands: (Int32, Int32, Int32)? = nil
    ) {
        var run = ProgramState.ScoreRun(total: total, lo: lo, hi: hi)
        let (totalBand, loBand, hiBand) =
            bands ?? (
                EvaluationProgram.bandIndex(code, m, total), EvaluationProgram.bandIndex(code, m, lo),
                EvaluationProgram.bandIndex(code, m, hi)
            )
        run.bandBeforeFloors = totalBand
        run.band = run.bandBeforeFloors
        run.floor = -1
        var minBand = loBand
        var maxBand = hiBand
        // The bands of the floors not yet decided (below 64): each can be reached on its own.
        var open: UInt64 = 0
        // A floor cannot read its own score (the compiler reports that as a cycle).
        for f in 0..<Int(m.floorCount) {
            let k = Int(m.floorStart) + f
            let floor = code.floors[k]
            let t = child(floor.condition)
            state.floors[k] = t
            if t == .yes {
                if floor.band > run.band {
                    run.band = floor.band
                    run.floor = Int32(f)
                }
                minBand = Swift.max(minBand, floor.band)
                maxBand = Swift.max(maxBand, floor.band)
            } else if t == .unknown {
                maxBand = Swift.max(maxBand, floor.band)
                if floor.band >= 0 && floor.band < 64 { open |= 1 << UInt64(floor.band) }
            }
        }
        run.minBand = minBand
        run.maxBand = maxBand
        // The range gives the bands from `minBand` (raised by the floors that hold) to `top`; a floor not yet
        // decided gives its own band, and nothing between: those bands are gaps (`s is B` is no for them).
        let top = Swift.max(hiBand, minBand)
        if maxBand > top + 1 { run.gaps = Self.gaps(above: top, below: maxBand, open: open) }
        state.scores[s] = run
    }
}
