"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("threshold-token") || "";
  let rs = null;          // the rule set's description
  let rsName = "";
  // fact name -> JSON value; no prototype, so that a fact named __proto__ is a fact like any other
  let answers = Object.create(null);
  let seq = 0;
  let lastResult = null;
  let loadedScenarios = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function problem(message) {
    const p = $("problem");
    p.hidden = !message;
    p.textContent = message || "";
  }

  async function api(method, path, body, type) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = type || "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    const init = { method: method, headers: headers };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const r = await fetch(path, init);
    if (r.status === 401) { $("token-box").hidden = false; $("token").focus(); throw new Error("This server needs a token."); }
    const text = await r.text();
    const isJSON = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    const data = isJSON ? JSON.parse(text) : text;
    if (!r.ok) throw new Error(isJSON && data.error ? data.error.message : "HTTP " + r.status);
    return data;
  }
  const q = (name) => "ruleset=" + encodeURIComponent(name);

  // ---- Rule sets ----
  async function start() {
    try {
      const list = await api("GET", "/v1/rulesets");
      const select = $("ruleset");
      clear(select);
      for (const r of list.result) {
        const o = el("option", null, (r.title || r.name) + (r.errors ? " (errors)" : ""));
        o.value = r.name;
        select.appendChild(o);
      }
      const wanted = new URLSearchParams(location.search).get("ruleset");
      if (wanted) select.value = wanted;
      await loadRuleSet(select.value);
      problem("");
    } catch (e) { problem(e.message); }
  }

  async function loadRuleSet(name, keepAnswers) {
    const d = await api("GET", "/v1/rulesets/" + encodeURIComponent(name));
    rs = d.result;
    rsName = name;
    document.body.setAttribute("data-ruleset", name);
    showRuleErrors(rs.errors);
    if (!keepAnswers) answers = Object.create(null);
    if (!rs.facts) { clear($("facts")); return; }
    buildForm();
    syncForm();
    await loadCases();
    await rescore();
  }

  function showRuleErrors(errors) {
    const box = $("rule-errors");
    clear(box);
    box.hidden = !errors || errors.length === 0;
    if (box.hidden) return;
    box.appendChild(el("strong", null, "The rule files have errors" + (rs && rs.facts ? "; the last rules that loaded stay in use:" : ":")));
    const pre = el("pre");
    pre.textContent = errors.map((e) => (e.file ? e.file + ":" + e.line + ":" + e.column + ": " : "") + e.message).join("\n");
    box.appendChild(pre);
  }

  // ---- The form ----
  function buildForm() {
    const form = $("facts");
    clear(form);
    const groups = new Map();
    for (const f of rs.facts) {
      if (!groups.has(f.group)) {
        const fs = el("fieldset", "group");
        fs.appendChild(el("legend", null, f.group));
        groups.set(f.group, fs);
        form.appendChild(fs);
      }
      groups.get(f.group).appendChild(question(f));
    }
  }

  function question(f) {
    const box = el("div", "q");
    box.id = "q-" + f.name;
    const text = f.question || ("What is " + f.name + "?");
    const id = "f-" + f.name;
    const t = f.type;
    const note = el("span", "name", f.name + (f.required ? " (required)" : ""));
    if (t.kind === "yes/no" || t.kind === "some of") {
      const fs = el("fieldset");
      const lg = el("legend");
      lg.appendChild(el("span", "text", text));
      lg.appendChild(note);
      fs.appendChild(lg);
      const choices = el("div", "choices");
      const opts = t.kind === "yes/no" ? [["yes", true], ["no", false], ["unknown", null]] : t.options.map((o) => [o, o]).concat([["none of these", "__none"]]);
      opts.forEach(([label, value], i) => {
        const input = el("input");
        input.type = t.kind === "yes/no" ? "radio" : "checkbox";
        input.name = id;
        input.id = id + "-" + i;
        input.value = JSON.stringify(value);
        input.addEventListener("change", () => readControl(f));
        const l = el("label");
        l.htmlFor = input.id;
        l.appendChild(input);
        l.appendChild(document.createTextNode(label));
        choices.appendChild(l);
      });
      fs.appendChild(choices);
      box.appendChild(fs);
      return box;
    }
    const label = el("label");
    label.htmlFor = id;
    label.appendChild(el("span", "text", text));
    label.appendChild(note);
    box.appendChild(label);
    let input;
    if (t.kind === "one of" || t.kind === "level") {
      input = el("select");
      const none = el("option", null, "unknown");
      none.value = "";
      input.appendChild(none);
      const names = t.kind === "level" ? rs.levels.map((l) => l.name) : t.options;
      for (const o of names) { const op = el("option", null, o); op.value = o; input.appendChild(op); }
    } else {
      input = el("input");
      input.type = { number: "number", count: "number", date: "date", datetime: "datetime-local" }[t.kind] || "text";
      if (t.kind === "number" || t.kind === "count") {
        if (t.min !== null && t.min !== undefined) input.min = t.min;
        if (t.max !== null && t.max !== undefined) input.max = t.max;
        input.step = t.kind === "count" ? "1" : "any";
        input.inputMode = "decimal";
      }
    }
    input.id = id;
    input.addEventListener(input.tagName === "SELECT" ? "change" : "input", () => readControl(f));
    box.appendChild(input);
    if (t.kind === "number" || t.kind === "count") box.appendChild(el("span", "range", " " + t.phrase));
    return box;
  }

  function readControl(f) {
    const id = "f-" + f.name, t = f.type;
    if (t.kind === "yes/no") {
      const c = document.querySelector("input[name='" + id + "']:checked");
      const v = c ? JSON.parse(c.value) : null;
      if (v === null) delete answers[f.name]; else answers[f.name] = v;
    } else if (t.kind === "some of") {
      const boxes = Array.from(document.querySelectorAll("input[name='" + id + "']"));
      const none = boxes[boxes.length - 1];
      if (document.activeElement === none && none.checked) boxes.slice(0, -1).forEach((b) => { b.checked = false; });
      else if (boxes.slice(0, -1).some((b) => b.checked)) none.checked = false;
      const picked = boxes.slice(0, -1).filter((b) => b.checked).map((b) => JSON.parse(b.value));
      if (picked.length) answers[f.name] = picked; else if (none.checked) answers[f.name] = []; else delete answers[f.name];
    } else {
      const v = $(id).value;
      if (v === "") delete answers[f.name];
      else if (t.kind === "number" || t.kind === "count") { const n = Number(v); if (isFinite(n)) answers[f.name] = n; else return; }
      else answers[f.name] = v;
    }
    rescore();
  }

  function syncForm() {
    for (const f of rs.facts) {
      const id = "f-" + f.name, t = f.type, v = answers[f.name];
      if (t.kind === "yes/no") {
        for (const r of document.querySelectorAll("input[name='" + id + "']")) r.checked = JSON.parse(r.value) === (v === undefined ? null : v);
      } else if (t.kind === "some of") {
        const boxes = Array.from(document.querySelectorAll("input[name='" + id + "']"));
        boxes.forEach((b, i) => { b.checked = i === boxes.length - 1 ? Array.isArray(v) && v.length === 0 : Array.isArray(v) && v.indexOf(JSON.parse(b.value)) >= 0; });
      } else if ($(id)) {
        $(id).value = v === undefined || v === null ? "" : String(v).slice(0, t.kind === "datetime" ? 16 : undefined);
      }
    }
  }

  // ---- Scoring ----
  async function rescore() {
    const mine = ++seq;
    document.body.setAttribute("data-scoring", "true");
    $("whatif").hidden = true;
    try {
      const result = await api("POST", "/v1/score?" + q(rsName), { facts: answers });
      if (mine !== seq) return;
      lastResult = result;
      render(result);
      problem("");
    } catch (e) { if (mine === seq) problem(e.message); }
    if (mine === seq) document.body.removeAttribute("data-scoring");
  }

  function levelIndex(name) { return rs.levels.findIndex((l) => l.name === name); }

  function pips(i, n) {
    const p = el("span", "pips");
    const marks = el("span", null, "\u25AE".repeat(i + 1) + "\u25AF".repeat(Math.max(0, n - i - 1)));
    marks.setAttribute("aria-hidden", "true");
    p.appendChild(marks);
    p.appendChild(document.createTextNode(" " + (i + 1) + " of " + n));
    return p;
  }

  // A large badge (label, name, severity) or a small tag (label, severity); never colour alone.
  function badge(level, big) {
    const i = levelIndex(level);
    const l = rs.levels[i];
    const n = rs.levels.length;
    const b = el(big ? "div" : "span", (big ? "badge" : "tag") + " level-" + i);
    b.setAttribute("data-level", level);
    if (!big) {
      b.title = level;
      b.appendChild(document.createTextNode((l ? l.label : level) + " "));
      b.appendChild(pips(i, n));
      return b;
    }
    b.setAttribute("role", "status");
    b.appendChild(el("span", "word", l ? l.label : level));
    const sub = el("span", "name");
    sub.appendChild(el("code", null, level));
    sub.appendChild(document.createTextNode(" \u00B7 "));
    sub.appendChild(pips(i, n));
    b.appendChild(sub);
    return b;
  }

  function valueText(v) {
    if (v === true) return "yes";
    if (v === false) return "no";
    if (v === null || v === undefined) return "unknown";
    if (Array.isArray(v)) return "(" + v.join(", ") + ")";
    return String(v);
  }
  function setText(set) { return Object.keys(set).map((k) => k + " = " + valueText(set[k])).join(" and "); }
  function empty(node, text) { node.appendChild(el("p", "empty", text)); }

  function render(r) {
    const o = $("outcome");
    clear(o);
    o.appendChild(badge(r.outcome.level, true));
    const line = el("p", "outcome-line");
    const parts = [];
    if (r.outcome.route) parts.push(r.outcome.route);
    if (r.outcome.within) parts.push("within " + r.outcome.within);
    if (r.outcome.due) parts.push("due " + r.outcome.due.replace("T", " "));
    line.textContent = parts.join(", ");
    o.appendChild(line);
    // How sure the outcome is, in words (never colour alone), and what holds it below the rules.
    const sure = el("p", r.settled === false ? "settling provisional" : "settling");
    if (r.settled === false) {
      const could = [];
      if (r.highest_possible && r.highest_possible !== r.outcome.level) could.push("could be " + r.highest_possible);
      if (r.lowest_possible && r.lowest_possible !== r.outcome.level) could.push("could be held at " + r.lowest_possible);
      sure.textContent = "Provisional: " + could.join(" or ") + " once the questions below are answered.";
    } else {
      sure.textContent = "Settled: no unanswered question could change it.";
    }
    o.appendChild(sure);
    if (r.capped) {
      const held = el("p", "held");
      held.textContent = "Held at " + r.capped.at + " by cap " + r.capped.by + "; the rules alone give "
        + r.capped.uncapped + (r.capped.rules.length ? " (" + r.capped.rules.join(", ") + ")" : "") + "."
        + (r.capped.because ? " " + r.capped.because : "")
        + " Record the rationale for the decision, and have a manager review it.";
      o.appendChild(held);
      // The guidance the cap follows, as each fired rule cites its own.
      if (r.capped.source) o.appendChild(el("p", "source", "Source: " + r.capped.source));
    }

    const ch = $("changes");
    clear(ch);
    if (!r.changes.length) empty(ch, "No single change found that would move the outcome.");
    r.changes.forEach((c, i) => {
      const row = el("div", "change");
      const what = el("span", "what");
      what.appendChild(document.createTextNode("It would be "));
      what.appendChild(badge(c.outcome, false));
      what.appendChild(document.createTextNode(" if " + setText(c.set)));
      row.appendChild(what);
      const apply = el("button", "apply", "Apply");
      apply.type = "button";
      apply.setAttribute("data-change", String(i));
      apply.setAttribute("aria-label", "Apply: " + setText(c.set));
      apply.addEventListener("click", () => { Object.assign(answers, c.set); syncForm(); rescore(); });
      const cmp = el("button", "compare", "What if");
      cmp.type = "button";
      cmp.setAttribute("aria-label", "What if " + setText(c.set) + ": compare side by side");
      cmp.addEventListener("click", () => whatIf(c.set));
      row.appendChild(apply);
      row.appendChild(cmp);
      ch.appendChild(row);
    });

    const fired = $("fired");
    clear(fired);
    if (!r.fired.length) empty(fired, "No rule fired: the outcome is the default level.");
    for (const f of r.fired) {
      const d = el("div", "rule");
      const h = el("h3");
      h.appendChild(document.createTextNode((f.label || f.rule) + " "));
      h.appendChild(badge(f.level, false));
      d.appendChild(h);
      d.appendChild(el("p", "mono", f.rule));
      if (f.because) d.appendChild(el("p", null, "Because: " + f.because));
      if (f.source) d.appendChild(el("p", "source", "Source: " + f.source));
      const facts = Object.keys(f.facts || {});
      if (facts.length) d.appendChild(el("p", "muted", "Facts: " + facts.map((k) => k + " = " + valueText(f.facts[k])).join(", ")));
      fired.appendChild(d);
    }

    renderScores(r);

    const u = $("undetermined");
    clear(u);
    if (!r.undetermined.length) empty(u, "Nothing is left open.");
    const ul = el("ul");
    for (const x of r.undetermined) {
      const li = el("li");
      li.appendChild(el("code", null, x.rule));
      li.appendChild(document.createTextNode(" could give "));
      li.appendChild(badge(x.level, false));
      li.appendChild(document.createTextNode(" once these are known: " + x.unknown.join(", ")));
      ul.appendChild(li);
    }
    if (r.undetermined.length) u.appendChild(ul);

    const m = $("missing");
    clear(m);
    for (const n of document.querySelectorAll(".q.next")) n.classList.remove("next");
    for (const n of document.querySelectorAll(".q .next-tag")) n.remove();
    if (!r.missing.length) empty(m, "No missing information could change the outcome.");
    const ml = el("ol");
    r.missing.forEach((x, i) => {
      const li = el("li");
      const b = el("button", "ask", x.fact);
      b.type = "button";
      b.addEventListener("click", () => focusFact(x.fact));
      li.appendChild(b);
      li.appendChild(document.createTextNode(" " + (x.question || "") + (x.could_change ? " (could change the " + x.could_change + ")" : x.required ? " (required)" : " (for the record)")));
      ml.appendChild(li);
      if (i === 0 && $("q-" + x.fact)) {
        $("q-" + x.fact).classList.add("next");
        const tag = el("span", "tag next-tag", "ask next");
        const t = $("q-" + x.fact).querySelector(".text");
        if (t) t.appendChild(tag);
      }
    });
    if (r.missing.length) m.appendChild(ml);

    const a = $("advice");
    clear(a);
    if (!r.advice.length) empty(a, "No advice for this outcome.");
    const al = el("ul");
    for (const x of r.advice) {
      const li = el("li", null, x.text);
      if (x.source) li.appendChild(el("span", "muted", " (" + x.source + ")"));
      al.appendChild(li);
    }
    if (r.advice.length) a.appendChild(al);
    $("fingerprint").textContent = r.ruleset.name + (r.ruleset.version ? " " + r.ruleset.version : "") + " \u00B7 " + r.ruleset.fingerprint;
  }

  function renderScores(r) {
    const s = $("scores");
    clear(s);
    if (!rs.scores.length) empty(s, "This rule set has no scores.");
    for (const sc of rs.scores) {
      const st = r.scores[sc.name];
      if (!st) continue;
      const d = el("div", "score");
      d.appendChild(el("h3", null, sc.label || sc.name));
      const lo = st.range[0], hi = st.range[1];
      // Completion first: a tool not started or part-answered has no measured band to show.
      const status = st.status || "complete";
      const counts = st.answered + " of " + st.questions + " answered";
      const done = status === "not_started" ? "Not started (" + counts + ")"
        : status === "not_applicable" ? "Not for this age"
        : status === "incomplete" ? "Incomplete (" + counts + ")"
        : st.questions ? "Complete (" + counts + ")" : "Complete";
      d.appendChild(el("p", "completion " + status.replace("_", "-"), done));
      // A tool whose `asked when` excludes this child: no band, nothing it could be.
      if (status === "not_applicable") {
        d.appendChild(el("p", null, "No band: this tool is not used at this age."));
        s.appendChild(d);
        continue;
      }
      const bandLabel = (name) => { const b = sc.bands.find((x) => x.name === name); return b ? b.label || b.name : name; };
      const could = (st.could_reach || []).map(bandLabel).join(", ");
      let text = "Total " + st.total + (lo === hi ? "" : " (could be " + (lo === null ? "lower" : lo) + " to " + (hi === null ? "more" : hi) + ")");
      text += st.band === null ? "; no band measured" + (could ? "; could be: " + could : "")
        : "; band " + bandLabel(st.band) + (could ? "; could reach: " + could : "");
      d.appendChild(el("p", null, text));
      if (st.floor) d.appendChild(el("p", null, "Floor: " + bandLabel(st.floor.band) + (st.floor.reason ? " (" + st.floor.reason + ")" : "")));
      const top = Math.max(1, sc.max !== null ? sc.max : 0, hi !== null ? hi : 0, ...sc.bands.map((b) => b.low * 1.25));
      const bar = el("div", "bars");
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", done + ". " + text);
      const fill = el("div", "fill");
      fill.style.width = Math.max(0, Math.min(100, 100 * st.total / top)) + "%";
      bar.appendChild(fill);
      if (hi === null || hi > st.total) {
        const maybe = el("div", "maybe");
        maybe.style.left = Math.max(0, Math.min(100, 100 * st.total / top)) + "%";
        maybe.style.width = Math.max(0, Math.min(100, 100 * ((hi === null ? top : hi) - st.total) / top)) + "%";
        bar.appendChild(maybe);
      }
      sc.bands.forEach((b, k) => {
        const cut = el("div", k % 2 ? "cut up" : "cut");
        cut.style.left = Math.max(0, Math.min(100, 100 * b.low / top)) + "%";
        cut.appendChild(el("span", null, b.name + " " + b.low));
        bar.appendChild(cut);
      });
      d.appendChild(bar);
      s.appendChild(d);
      // A band label that would overlap the one before it in its row (cut-offs close together) moves a row out.
      const spans = [...bar.querySelectorAll(".cut span")];
      for (let k = 2; k < spans.length; k++) {
        const a = spans[k - 2].getBoundingClientRect(), b = spans[k].getBoundingClientRect();
        if (b.left < a.right + 4) { spans[k].parentNode.classList.add("far"); bar.classList.add("roomy"); }
      }
    }
  }

  function focusFact(name) {
    const box = $("q-" + name);
    if (!box) return;
    const input = box.querySelector("input,select");
    if (input) input.focus();
    box.scrollIntoView({ block: "center" });
  }

  async function whatIf(set) {
    try {
      const d = await api("POST", "/v1/whatif?" + q(rsName), { scenario: { facts: answers }, changes: set });
      const box = $("whatif-body");
      clear(box);
      box.appendChild(el("p", null, "What if " + setText(set) + ":"));
      const side = el("div", "side");
      for (const [title, res] of [["Now", d.result.now], ["What if", d.result.whatif]]) {
        const col = el("div");
        col.appendChild(el("h3", null, title));
        col.appendChild(badge(res.outcome.level, true));
        col.appendChild(el("p", null, res.fired.length ? "Fired: " + res.fired.map((f) => f.rule).join(", ") : "No rule fired."));
        side.appendChild(col);
      }
      box.appendChild(side);
      const diff = d.result.differences;
      const ul = el("ul");
      const add = (t) => ul.appendChild(el("li", null, t));
      if (diff.started_firing.length) add("Would start firing: " + diff.started_firing.join(", "));
      if (diff.stopped_firing.length) add("Would stop firing: " + diff.stopped_firing.join(", "));
      for (const sc of diff.scores) add("Score " + sc.score + ": total " + sc.total[0] + " \u2192 " + sc.total[1] + ", band " + sc.band[0] + " \u2192 " + sc.band[1]);
      if (diff.advice_added.length) add("Advice added: " + diff.advice_added.join(", "));
      if (diff.advice_removed.length) add("Advice removed: " + diff.advice_removed.join(", "));
      if (diff.due[0] !== diff.due[1]) add("Due: " + (diff.due[0] || "none") + " \u2192 " + (diff.due[1] || "none"));
      if (!ul.firstChild) add("No rule, score or advice would change.");
      box.appendChild(ul);
      const keep = el("button", null, "Apply this change");
      keep.type = "button";
      keep.addEventListener("click", () => { Object.assign(answers, set); syncForm(); $("whatif").hidden = true; rescore(); });
      box.appendChild(keep);
      $("whatif").hidden = false;
    } catch (e) { problem(e.message); }
  }

  // ---- Worked cases ----
  async function loadCases() {
    const select = $("cases");
    clear(select);
    try {
      const d = await api("GET", "/v1/rulesets/" + encodeURIComponent(rsName) + "/cases");
      for (const c of d.result) { const o = el("option", null, c.file); o.value = String(c.number); select.appendChild(o); }
      $("open-case").disabled = d.result.length === 0;
    } catch (e) { problem(e.message); }
  }

  function useScenarios(list) {
    loadedScenarios = list;
    let pick = $("case-scenario");
    if (!pick) {
      const row = el("div", "case-row");
      const l = el("label", null, "Scenario");
      l.htmlFor = "case-scenario";
      pick = el("select");
      pick.id = "case-scenario";
      pick.addEventListener("change", () => applyScenario(loadedScenarios[Number(pick.value)]));
      row.appendChild(l);
      row.appendChild(pick);
      $("open-case").parentNode.after(row);
    }
    clear(pick);
    list.forEach((s, i) => { const o = el("option", null, s.id + (s.title ? ": " + s.title : "")); o.value = String(i); pick.appendChild(o); });
    if (list.length) applyScenario(list[0]);
  }

  function applyScenario(s) {
    if (!s) return;
    answers = Object.assign(Object.create(null), s.facts);
    $("save-id").value = s.id;
    syncForm();
    rescore();
  }

  async function openCase() {
    try {
      const d = await api("GET", "/v1/rulesets/" + encodeURIComponent(rsName) + "/cases/" + encodeURIComponent($("cases").value));
      useScenarios(d.result.scenarios);
    } catch (e) { problem(e.message); }
  }

  async function readPaste() {
    try {
      const d = await api("POST", "/v1/rulesets/" + encodeURIComponent(rsName) + "/parse", $("paste").value, "text/plain");
      useScenarios(d.result.scenarios);
    } catch (e) { problem(e.message); }
  }

  async function save() {
    try {
      const id = $("save-id").value.trim() || "saved_case";
      const text = await api("POST", "/v1/scenario-file?" + q(rsName), { id: id, facts: answers });
      const pre = $("saved-text");
      pre.textContent = text;
      pre.hidden = false;
      const a = el("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
      a.download = id + ".scenario";
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) { problem(e.message); }
  }

  // ---- Live rules (--watch): look for a new generation every two seconds ----
  async function watch() {
    if (!rsName || document.hidden) return;
    try {
      const d = await api("GET", "/v1/rulesets/" + encodeURIComponent(rsName));
      const errorsNow = JSON.stringify(d.result.errors);
      if (d.result.generation !== rs.generation || errorsNow !== JSON.stringify(rs.errors)) await loadRuleSet(rsName, true);
    } catch (e) { /* the next look will tell */ }
  }

  // ---- Wiring ----
  function togglePresenter() {
    const on = !document.body.classList.contains("presenter");
    document.body.classList.toggle("presenter", on);
    $("presenter").setAttribute("aria-pressed", on ? "true" : "false");
  }
  $("ruleset").addEventListener("change", () => loadRuleSet($("ruleset").value).catch((e) => problem(e.message)));
  $("presenter").addEventListener("click", togglePresenter);
  document.addEventListener("keydown", (e) => { if (e.altKey && (e.key === "p" || e.key === "P")) { e.preventDefault(); togglePresenter(); } });
  $("clear").addEventListener("click", () => { answers = Object.create(null); syncForm(); rescore(); });
  $("open-case").addEventListener("click", openCase);
  $("read-paste").addEventListener("click", readPaste);
  $("save").addEventListener("click", save);
  $("token-use").addEventListener("click", () => {
    token = $("token").value;
    sessionStorage.setItem("threshold-token", token);
    $("token-box").hidden = true;
    start();
  });

  // ---- The rules editor (the "Rules" view): the rule file's text through /v1/rulesets/{name}/edit/… ----
  const ed = { name: "", loaded: "", sha: "", editable: false, seq: 0, timer: 0, hoverTimer: 0, items: [], pick: 0, result: null,
    crlf: false, drafts: Object.create(null), file: "" };
  // The file edited: "" for the main rule file, or one it includes, as `…/source` lists them.
  const edKey = () => ed.name + "\n" + ed.file;
  // Edits not saved are kept when another rule set is shown (and given back when it is shown again), and a page
  // about to close with some asks first.
  function edUnsaved() { return ed.name !== "" && $("ed-text").value !== ed.loaded; }
  window.addEventListener("beforeunload", (ev) => { if (edUnsaved()) { ev.preventDefault(); ev.returnValue = ""; } });
  const edRuleSet = () => $("ruleset").value || rsName;
  const edPath = (what) => "/v1/rulesets/" + encodeURIComponent(edRuleSet()) + what;
  function showView(rules) {
    document.body.classList.toggle("rules-mode", rules);
    $("rules-view").hidden = !rules;
    $("view-rules").setAttribute("aria-pressed", String(rules));
    $("view-questions").setAttribute("aria-pressed", String(!rules));
    if (rules && ed.name !== edRuleSet()) edLoad();
    if (rules) $("ed-text").focus();
  }
  async function edLoad(file) {
    if (edUnsaved()) ed.drafts[edKey()] = { text: $("ed-text").value, sha: ed.sha };
    try {
      const want = typeof file === "string" ? file : "";
      const d = (await api("GET", edPath("/source") + (want ? "?file=" + encodeURIComponent(want) : ""))).result;
      ed.name = edRuleSet();
      ed.file = d.file === d.files[0] ? "" : d.file;
      const pick = $("ed-files");
      pick.textContent = "";
      for (const f of d.files) {
        const o = el("option", null, f);
        o.value = f;
        if (f === d.file) o.selected = true;
        pick.appendChild(o);
      }
      ed.sha = d.sha256;
      ed.editable = d.editable;
      // A text area keeps lines with "\n" alone: a file written with "\r\n" is saved with them again.
      ed.crlf = d.text.indexOf("\r\n") >= 0;
      $("ed-file").textContent = d.file;
      $("ed-text").value = d.text;
      ed.loaded = $("ed-text").value;
      $("ed-save").disabled = !d.editable;
      $("ed-save-why").textContent = d.editable ? "" : "Saving is off: this server was not started with --allow-edit.";
      edStatus("");
      const draft = ed.drafts[edKey()];
      delete ed.drafts[edKey()];
      if (draft && draft.sha === d.sha256) {
        $("ed-text").value = draft.text;
        edStatus("Your edits not yet saved are back.");
      }
      await edCheck();
    } catch (e) { edStatus(e.message); }
  }
  function edStatus(m) { $("ed-status").textContent = m || ""; }
  // The cursor as the language service counts it: line and character from 0, in UTF-16 code units.
  function edCaret() {
    const t = $("ed-text");
    const before = t.value.slice(0, t.selectionStart);
    const nl = before.lastIndexOf("\n");
    return { line: before.split("\n").length - 1, character: before.length - nl - 1 };
  }
  function edSchedule() {
    clearTimeout(ed.timer);
    ed.timer = setTimeout(edCheck, 350);
  }
  async function edCheck() {
    const text = $("ed-text").value;
    const n = ++ed.seq;
    try {
      const d = (await api("POST", edPath("/edit/check"), { text: text, file: ed.file || undefined })).result;
      if (n !== ed.seq) return;
      ed.result = d;
      edPaint(text, d.tokens, d.diagnostics);
      edDiagnostics(d.diagnostics);
      edCases(d.cases, d.compiles);
      edDiff(d.diff, d.compiles);
    } catch (e) { edStatus(e.message); }
  }
  // The highlighted copy behind the textarea: each character's token type and whether a diagnostic covers it.
  function edPaint(text, tokens, diagnostics) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    const at = (p) => Math.min(text.length, (starts[p.line] === undefined ? text.length : starts[p.line]) + p.character);
    const type = new Array(text.length).fill("");
    const diag = new Array(text.length).fill("");
    for (const t of tokens) {
      const a = at({ line: t.line, character: t.character });
      for (let i = a; i < Math.min(text.length, a + t.length); i++) type[i] = t.type;
    }
    for (const d of diagnostics) {
      const a = at(d.range.start);
      let b = at(d.range.end);
      if (b <= a) b = Math.min(text.length, a + 1);
      for (let i = a; i < b; i++) if (diag[i] !== "error") diag[i] = d.severity;
    }
    const pre = $("ed-highlight");
    clear(pre);
    let i = 0;
    while (i < text.length) {
      let j = i + 1;
      while (j < text.length && type[j] === type[i] && diag[j] === diag[i]) j++;
      const cls = (type[i] ? "tk-" + type[i] : "") + (diag[i] ? " diag " + diag[i] : "");
      const span = el("span", cls.trim() || null, text.slice(i, j));
      if (diag[i]) span.setAttribute("data-diagnostic", diag[i]);
      pre.appendChild(span);
      i = j;
    }
    pre.appendChild(document.createTextNode("\n"));
    edScroll();
  }
  function edScroll() {
    const t = $("ed-text");
    $("ed-highlight").scrollTop = t.scrollTop;
    $("ed-highlight").scrollLeft = t.scrollLeft;
  }
  function edDiagnostics(ds) {
    const list = $("ed-diags");
    clear(list);
    if (!ds.length) { list.appendChild(el("li", "muted", "No problems.")); return; }
    for (const d of ds) {
      const li = el("li", "diag-item");
      const where = el("button", "where", "line " + (d.range.start.line + 1) + ":" + (d.range.start.character + 1));
      where.type = "button";
      where.title = "Go to it";
      where.addEventListener("click", () => edGo(d.range.start));
      li.appendChild(where);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "sev", d.severity + " "));
      // The message's first line, then its hint (`help: …`) and any note, each on a line of its own.
      const lines = d.message.split("\n");
      li.appendChild(el("span", null, lines[0] + " [" + d.code + "]"));
      for (const line of lines.slice(1)) li.appendChild(el("span", "diag-hint", line));
      list.appendChild(li);
    }
  }
  function edGo(p) {
    const t = $("ed-text");
    const lines = t.value.split("\n");
    let o = 0;
    for (let k = 0; k < p.line && k < lines.length; k++) o += lines[k].length + 1;
    t.focus();
    t.setSelectionRange(o + p.character, o + p.character);
  }
  function edCases(cases, compiles) {
    const failed = cases.filter((c) => !c.passed);
    $("ed-cases-summary").textContent = !compiles
      ? "The edited text has errors: the worked cases cannot run until they are fixed."
      : cases.length
        ? (cases.length - failed.length) + " passed, " + failed.length + " failed, of " + cases.length + " worked cases."
        : "No worked cases were found for this rule set.";
    const list = $("ed-cases");
    clear(list);
    for (const c of failed) {
      const li = el("li", "case-fail", c.id);
      li.setAttribute("data-case", c.id);
      const why = el("ul");
      for (const w of c.why) why.appendChild(el("li", null, w));
      li.appendChild(why);
      list.appendChild(li);
    }
    if (cases.length - failed.length) {
      const li = el("li");
      const det = el("details");
      det.appendChild(el("summary", null, "Passed (" + (cases.length - failed.length) + ")"));
      const ul = el("ul");
      for (const c of cases) if (c.passed) ul.appendChild(el("li", "case-pass", c.id));
      det.appendChild(ul);
      li.appendChild(det);
      list.appendChild(li);
    }
  }
  function edDiff(diff, compiles) {
    const table = $("ed-matrix");
    clear(table);
    clear($("ed-changed"));
    if (!diff) {
      $("ed-diff-summary").textContent = compiles ? "The loaded rules have errors: nothing to compare with."
        : "The edited text has errors: fix them to see what it changes.";
      return;
    }
    $("ed-diff-summary").textContent = diff.outcome_changes
      ? diff.outcome_changes + " of " + diff.scenarios + " worked cases change outcome."
      : "No worked case changes outcome (" + diff.scenarios + " scored).";
    const cap = el("caption", null, "Outcomes of the worked cases: loaded rules (rows) by edited rules (columns)");
    table.appendChild(cap);
    const head = el("tr");
    head.appendChild(el("th", null, "loaded \\ edited"));
    for (const l of diff.new_levels) { const th = el("th", null, l); th.scope = "col"; head.appendChild(th); }
    table.appendChild(head);
    diff.outcomes.forEach((row, i) => {
      const tr = el("tr");
      const th = el("th", null, diff.old_levels[i]);
      th.scope = "row";
      tr.appendChild(th);
      row.forEach((n, j) => {
        const moved = n > 0 && diff.old_levels[i] !== diff.new_levels[j];
        const td = el("td", moved ? "moved" : (n ? "" : "same"), moved ? n + " moved" : String(n));
        td.setAttribute("data-cell", diff.old_levels[i] + ">" + diff.new_levels[j]);
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    for (const c of diff.changed) {
      let what = c.id + ": " + c.old + (c.old === c.new ? " (same level; the result's detail changed)" : " \u2192 " + c.new);
      if (c.started.length) what += "; now fires " + c.started.join(", ");
      if (c.stopped.length) what += "; no longer fires " + c.stopped.join(", ");
      $("ed-changed").appendChild(el("li", null, what));
    }
  }
  // Completion: Ctrl+Space (or the button) asks what fits at the cursor; the word being typed filters it.
  async function edComplete() {
    const t = $("ed-text");
    const p = edCaret();
    try {
      const items = (await api("POST", edPath("/edit/complete"), { text: t.value, line: p.line, character: p.character, file: ed.file || undefined })).result;
      const before = t.value.slice(0, t.selectionStart);
      const word = (before.match(/[A-Za-z_][A-Za-z0-9_]*$/) || [""])[0];
      ed.items = items.filter((x) => x.label.indexOf(word) === 0).slice(0, 50);
      ed.pick = 0;
      edShowItems();
    } catch (e) { edStatus(e.message); }
  }
  function edShowItems() {
    const list = $("ed-completions");
    clear(list);
    list.hidden = ed.items.length === 0;
    if (!ed.items.length) { edStatus("Nothing to complete here."); return; }
    edStatus(ed.items.length + " completions: arrows to choose, Enter or Tab to insert, Escape to close.");
    ed.items.forEach((x, i) => {
      const li = el("li", null, x.label);
      li.id = "ed-item-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === ed.pick));
      if (x.detail) li.appendChild(el("span", "detail", x.detail));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); ed.pick = i; edInsert(); });
      list.appendChild(li);
    });
    $("ed-text").setAttribute("aria-activedescendant", "ed-item-" + ed.pick);
  }
  function edInsert() {
    const x = ed.items[ed.pick];
    if (!x) return;
    const t = $("ed-text");
    const before = t.value.slice(0, t.selectionStart);
    const word = (before.match(/[A-Za-z_][A-Za-z0-9_]*$/) || [""])[0];
    const a = t.selectionStart - word.length;
    t.value = t.value.slice(0, a) + x.label + t.value.slice(t.selectionEnd);
    t.setSelectionRange(a + x.label.length, a + x.label.length);
    edCloseItems();
    edStatus("Inserted " + x.label + ".");
    edSchedule();
  }
  function edCloseItems() {
    ed.items = [];
    $("ed-completions").hidden = true;
    $("ed-text").removeAttribute("aria-activedescendant");
  }
  async function edHover() {
    const t = $("ed-text");
    const p = edCaret();
    try {
      const h = (await api("POST", edPath("/edit/hover"), { text: t.value, line: p.line, character: p.character, file: ed.file || undefined })).result;
      // Markdown shown as plain text: its marks stripped, never parsed as HTML.
      $("ed-hover").textContent = h ? h.markdown.replace(/\*\*|`|\*/g, "") : "Put the cursor on a name.";
    } catch (e) { edStatus(e.message); }
  }
  async function edFormat() {
    try {
      const d = (await api("POST", edPath("/edit/format"), { text: $("ed-text").value, file: ed.file || undefined })).result;
      if (d.text === null) {
        edStatus("Cannot format: " + d.errors.map((x) => "line " + x.line + ": " + x.message).join("; "));
        return;
      }
      $("ed-text").value = d.text;
      edStatus("Formatted.");
      await edCheck();
    } catch (e) { edStatus(e.message); }
  }
  async function edSave() {
    if (!ed.editable) return;
    try {
      const text = $("ed-text").value;
      const d = (await api("POST", edPath("/edit/save"), { text: ed.crlf ? text.replace(/\r?\n/g, "\r\n") : text, sha256: ed.sha, file: ed.file || undefined })).result;
      ed.sha = d.sha256;
      ed.loaded = text;
      edStatus("Saved; the previous version is kept as " + d.previous + "."
        + (d.errors.length ? " The saved text has errors, so the old rules stay in use." : " The rules in use are now the saved ones."));
      await loadRuleSet(edRuleSet(), true);
      await edCheck();
    } catch (e) { edStatus("Not saved: " + e.message); }
  }
  $("view-rules").addEventListener("click", () => showView(true));
  $("view-questions").addEventListener("click", () => showView(false));
  $("ed-format").addEventListener("click", edFormat);
  $("ed-files").addEventListener("change", () => edLoad($("ed-files").value));
  $("ed-save").addEventListener("click", edSave);
  $("ed-complete-button").addEventListener("click", () => { $("ed-text").focus(); edComplete(); });
  $("ed-revert").addEventListener("click", () => { $("ed-text").value = ed.loaded; $("ed-hover").textContent = "Put the cursor on a name.";
    edStatus("Back to the loaded text."); edCheck(); });
  $("ed-text").addEventListener("input", () => { edCloseItems(); edStatus(""); edSchedule(); });
  $("ed-text").addEventListener("scroll", edScroll);
  $("ed-text").addEventListener("keydown", (ev) => {
    if (ev.ctrlKey && (ev.key === " " || ev.code === "Space")) { ev.preventDefault(); edComplete(); return; }
    if (!ed.items.length) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      ed.pick = (ed.pick + (ev.key === "ArrowDown" ? 1 : ed.items.length - 1)) % ed.items.length;
      edShowItems();
    } else if (ev.key === "Enter" || ev.key === "Tab") {
      ev.preventDefault();
      edInsert();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      edCloseItems();
    }
  });
  const edCaretMoved = () => { clearTimeout(ed.hoverTimer); ed.hoverTimer = setTimeout(edHover, 300); };
  $("ed-text").addEventListener("click", edCaretMoved);
  $("ed-text").addEventListener("keyup", (ev) => { if (ev.key.indexOf("Arrow") === 0 || ev.key === "Home" || ev.key === "End") edCaretMoved(); });
  $("ruleset").addEventListener("change", () => { if (!$("rules-view").hidden) setTimeout(edLoad, 0); });

  // ---- Calibration exercise: the presenter (/?exercise=presenter) and a trainee (/join?code=…) ----
  function factsList(node, facts) {
    clear(node);
    for (const name of Object.keys(facts || {})) {
      node.appendChild(el("dt", null, name));
      // Date-times as the language writes them ("2024-03-05 10:00"), not as JSON carries them.
      const v = valueText(facts[name]);
      node.appendChild(el("dd", null, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v) ? v.replace("T", " ") : v));
    }
  }
  function showCase(prefix, x) {
    $(prefix + "-progress").textContent = x.finished
      ? "The exercise is over: " + x.cases + " cases."
      : "Case " + x.case + " of " + x.cases + (x.revealed ? " (answer revealed)" : "");
    // Before the reveal neither the title nor the id (both often name the answer): "Case 2".
    $(prefix + "-case-title").textContent = x.finished ? "" : (x.title || (x.revealed ? x.id : "Case " + x.case));
    $(prefix + "-story").textContent = x.story || "";
    factsList($(prefix + "-facts"), x.finished ? {} : x.facts);
  }

  async function presenterLook() {
    try {
      const x = (await api("GET", "/v1/exercise")).exercise;
      $("ex-join").textContent = location.origin + x.join;
      showCase("ex", x);
      $("ex-rated").textContent = x.finished ? "" : x.rated + (x.rated === 1 ? " has" : " have") + " rated this case.";
      $("ex-reveal").disabled = x.finished || x.revealed;
      $("ex-next").disabled = x.finished;
      $("ex-next").textContent = x.case === x.cases ? "Finish" : "Next case";
      document.body.classList.toggle("revealed", !!x.revealed && !x.finished);
      $("ex-spread").hidden = !x.revealed || x.finished;
      if (x.revealed && !x.finished) {
        if (!lastResult || lastResult.scenario !== x.id) { lastResult = x.result; render(x.result); }
        const bars = $("ex-bars");
        clear(bars);
        const most = Math.max(1, ...Object.values(x.spread));
        for (const l of x.levels) {
          const n = x.spread[l.id] || 0;
          const rules = l.id === x.answer;
          bars.appendChild(el("span", rules ? "spread-rules" : null, l.label + (rules ? " (the rules' answer)" : "")));
          const bar = el("span", "spread-bar level-" + x.levels.indexOf(l));
          bar.style.width = (100 * n / most) + "%";
          bar.setAttribute("aria-hidden", "true");
          bars.appendChild(bar);
          bars.appendChild(el("span", null, String(n)));
        }
        const why = $("ex-rationales");
        clear(why);
        for (const r of x.rationales) why.appendChild(el("li", null, r.level + ": " + r.rationale));
      }
      if (x.finished) {
        const a = await api("GET", "/v1/exercise/agreement");
        const k = a.fleiss_kappa === null ? "not defined" : a.fleiss_kappa.toFixed(3);
        $("ex-agreement").textContent = a.ratings + " ratings; agreement between trainees (Fleiss' kappa): " + k + ".";
      }
      problem("");
    } catch (e) { problem(e.message); }
  }
  async function presenterAct(what) {
    try { await api("POST", "/v1/exercise/" + what); } catch (e) { problem(e.message); }
    lastResult = null;
    await presenterLook();
  }
  async function presenterExport() {
    try {
      const text = await api("GET", "/v1/exercise/export");
      const a = el("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
      a.download = "exercise-decisions.jsonl";
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) { problem(e.message); }
  }

  const joinCode = new URLSearchParams(location.search).get("code") || "";
  let traineeCaseID = null;
  async function join(method, path, body) {
    const init = { method: method, headers: { "X-Join-Code": joinCode } };
    if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    const r = await fetch(path, init);
    const data = JSON.parse(await r.text());
    if (!r.ok) throw new Error(data.error ? data.error.message : "HTTP " + r.status);
    return data;
  }
  async function traineeLook() {
    try {
      const by = $("tr-by").value.trim();
      const x = (await join("GET", "/v1/exercise/case" + (by ? "?by=" + encodeURIComponent(by) : ""))).exercise;
      showCase("tr", x);
      const box = $("tr-levels");
      if (x.id !== traineeCaseID || box.querySelectorAll("input").length !== x.levels.length) {
        traineeCaseID = x.id;
        while (box.children.length > 1) box.removeChild(box.lastChild);
        for (const l of x.levels) {
          const label = el("label");
          const input = el("input");
          input.type = "radio";
          input.name = "tr-level";
          input.value = l.id;
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + l.label + " (" + l.id + ")"));
          box.appendChild(label);
        }
        $("tr-rationale").value = "";
      }
      const open = !x.finished && !x.revealed && !x.rated;
      box.disabled = !open;
      $("tr-submit").disabled = !open;
      let status = "";
      if (x.rated) status = x.rated === true ? "You have rated this case." : "Your rating: " + x.rated + ".";
      if (x.revealed && x.answer) status += " The rules' answer: " + x.answer + ".";
      if (x.finished) status = "The exercise is over. Thank you.";
      $("tr-status").textContent = status.trim();
      problem("");
    } catch (e) { problem(e.message); }
  }
  async function traineeSubmit() {
    const by = $("tr-by").value.trim();
    const chosen = document.querySelector("input[name=tr-level]:checked");
    if (!by) { problem("Choose a pseudonym first."); $("tr-by").focus(); return; }
    if (!chosen) { problem("Choose a rating."); return; }
    localStorage.setItem("threshold-trainee", by);
    try {
      await join("POST", "/v1/exercise/rating", {
        by: by, level: chosen.value, rationale: $("tr-rationale").value, case: traineeCaseID,
      });
    } catch (e) { problem(e.message); }
    await traineeLook();
  }

  if (location.pathname === "/join") {
    document.body.classList.add("exercise-mode");
    document.title = "threshold: calibration exercise";
    $("exercise-trainee").hidden = false;
    $("tr-by").value = localStorage.getItem("threshold-trainee") || "";
    $("tr-submit").addEventListener("click", traineeSubmit);
    $("tr-by").addEventListener("change", traineeLook);
    traineeLook();
    setInterval(traineeLook, 2000);
  } else if (new URLSearchParams(location.search).get("exercise") === "presenter") {
    document.body.classList.add("exercise-mode", "presenter");
    $("exercise-presenter").hidden = false;
    $("result-title").textContent = "The rules' answer";
    $("result-title").classList.remove("visually-hidden");
    $("ex-reveal").addEventListener("click", () => presenterAct("reveal"));
    $("ex-next").addEventListener("click", () => presenterAct("next"));
    $("ex-export").addEventListener("click", presenterExport);
    start().then(presenterLook);
    setInterval(presenterLook, 2000);
  } else {
    setInterval(watch, 2000);
    start();
  }
})();
