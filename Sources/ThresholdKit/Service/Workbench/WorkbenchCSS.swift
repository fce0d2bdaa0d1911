extension Workbench {
    /// The case sheet's stylesheet (`HTMLTheme.baseCSS`) and the workbench's own layout, form and presenter
    /// mode. The level colours come from `/workbench-levels.css` (`HTMLTheme` per rule set).
    static let css =
        HTMLTheme.baseCSS + "\n" + #"""
            body{max-width:90rem}
            .skip{position:absolute;left:-999px}
            .skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
            header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;border-bottom:3px solid var(--ink);padding-bottom:.6rem}
            header.top h1{margin:0}
            .controls{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
            button,select,input,textarea{font:inherit}
            button{border:2px solid var(--ink);background:#fff;border-radius:.3rem;padding:.25rem .7rem;cursor:pointer}
            button:hover{background:var(--soft)}
            button[aria-pressed="true"]{background:var(--ink);color:#fff}
            :focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
            select,input[type=number],input[type=text],input[type=date],input[type=datetime-local],input:not([type]),input[type=password]{border:2px solid var(--muted);border-radius:.3rem;padding:.2rem .4rem;max-width:100%}
            textarea{width:100%;border:2px solid var(--muted);border-radius:.3rem;font-family:ui-monospace,monospace}
            .notice{border:2px solid var(--accent);border-radius:.4rem;padding:.5rem .8rem;margin:.6rem 0}
            .notice.error{border-color:var(--fail)}
            .notice pre{white-space:pre-wrap;margin:.3rem 0}
            .layout{display:grid;grid-template-columns:minmax(20rem,1fr) minmax(22rem,1.2fr);gap:1.5rem;align-items:start}
            @media (max-width:60rem){.layout{grid-template-columns:1fr}}
            #result-pane{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto;padding-right:.3rem}
            fieldset.group{border:2px solid var(--line);border-radius:.4rem;margin:.8rem 0;padding:.3rem .8rem .6rem}
            fieldset.group>legend{font-weight:800;padding:0 .3rem}
            .q{padding:.45rem 0;border-bottom:1px solid var(--line)}
            .q:last-child{border-bottom:0}
            .q.next{border-left:5px solid var(--accent);padding-left:.5rem;background:#f0f5fb}
            .q .text{display:block;font-weight:600}
            .q .name{font-size:.85rem;color:var(--muted)}
            .q fieldset{border:0;margin:0;padding:0}
            .q fieldset legend{font-weight:600;padding:0}
            .choices{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin-top:.2rem}
            .choices label{display:inline-flex;align-items:center;gap:.25rem;white-space:nowrap}
            .range{font-size:.85rem;color:var(--muted)}
            .next-tag{border-color:var(--accent);color:var(--accent)}
            .case-row{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.5rem 0}
            #saved-text{white-space:pre-wrap;background:var(--soft);padding:.5rem;border-radius:.3rem;font-size:.85rem}
            .outcome-line{margin:.5rem 0 0}
            .settling{margin:.35rem 0 0;font-size:.95rem}
            .settling.provisional,.held{font-weight:700}
            .held{margin:.35rem 0 0;border-left:4px solid currentColor;padding-left:.5rem}
            .change{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:.3rem 0}
            .change .what{flex:1 1 14rem}
            .side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
            .side>div{border:2px solid var(--line);border-radius:.4rem;padding:.5rem}
            .side .badge{min-width:0}
            .completion{font-weight:600;margin:.2rem 0}
            .completion.not-started,.completion.incomplete,.completion.not-applicable{color:var(--muted)}
            .completion.not-applicable::before{content:"\2205  "}
            .completion.not-started::before{content:"\25CB  "}
            .completion.incomplete::before{content:"\25D0  "}
            .completion.complete::before{content:"\25CF  "}
            .bars{position:relative;height:1.4rem;border:1px solid var(--ink);background:#fff;margin:1.5rem 0 1.4rem}
            .bars .fill{position:absolute;top:0;bottom:0;left:0;background:repeating-linear-gradient(45deg,var(--accent),var(--accent) 4px,#3f7fc8 4px,#3f7fc8 8px)}
            .bars .maybe{position:absolute;top:0;bottom:0;background:repeating-linear-gradient(-45deg,#c9ced6,#c9ced6 3px,#fff 3px,#fff 6px);border-left:1px dashed var(--ink)}
            .bars .cut{position:absolute;top:-2px;bottom:-2px;width:0;border-left:2px solid var(--ink)}
            .bars .cut span{position:absolute;top:1.45rem;left:2px;font-size:.72rem;white-space:nowrap;color:var(--muted)}
            .bars .cut.up span{top:-1.25rem}
            .bars .cut.far span{top:2.5rem}
            .bars .cut.up.far span{top:-2.3rem}
            .bars.roomy{margin:2.6rem 0 2.5rem}
            body.presenter{max-width:none;font-size:1.35rem}
            body.presenter .badge .word{font-size:3.4rem}
            body.presenter .badge{padding:1rem 1.6rem}
            body.presenter .layout{grid-template-columns:minmax(24rem,1fr) minmax(28rem,1.3fr)}
            body.presenter h2{font-size:1.6rem}
            body.presenter .tag{font-size:1.1rem}
            body.presenter #cases-box,body.presenter #fingerprint{display:none}
            """#
}
