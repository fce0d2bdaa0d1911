extension Workbench {
    /// The page: a shell filled in by `workbench.js` from the API. No inline script or style (the CSP
    /// allows only this server's own files).
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>threshold workbench</title>
        <link rel="stylesheet" href="/workbench.css">
        <link rel="stylesheet" href="/workbench-levels.css">
        </head>
        <body>
        <a class="skip" href="#result-pane">Skip to the outcome</a>
        <header class="top">
          <h1>threshold workbench</h1>
          <div class="controls">
            <label for="ruleset">Rule set</label>
            <select id="ruleset"></select>
            <button type="button" id="presenter" aria-pressed="false" title="Large type for a room (Alt+P)">Presenter mode</button>
            <button type="button" id="clear">Clear the answers</button>
          </div>
        </header>
        <div id="token-box" class="notice" hidden>
          <label for="token">This server needs a token</label>
          <input id="token" type="password" autocomplete="off">
          <button type="button" id="token-use">Use it</button>
        </div>
        <div id="rule-errors" class="notice error" role="alert" hidden></div>
        <div id="problem" class="notice error" role="alert" hidden></div>
        <div class="layout">
          <section id="form-pane" aria-labelledby="form-title">
            <h2 id="form-title">Questions</h2>
            <p class="muted">In the order <code>ask</code> would put them; every answer re-scores at once.
              The question to ask next is marked <span class="tag next-tag">ask next</span>.</p>
            <form id="facts" novalidate></form>
            <details id="cases-box">
              <summary>Worked cases: open, paste, save</summary>
              <div class="case-row">
                <label for="cases">Worked case</label>
                <select id="cases"></select>
                <button type="button" id="open-case">Open</button>
              </div>
              <label for="paste">Paste a <code>.scenario</code> file</label>
              <textarea id="paste" rows="6" spellcheck="false"></textarea>
              <button type="button" id="read-paste">Read the pasted case</button>
              <div class="case-row">
                <label for="save-id">Save as scenario</label>
                <input id="save-id" value="saved_case" pattern="[A-Za-z_][A-Za-z0-9_]*" spellcheck="false">
                <button type="button" id="save">Save .scenario</button>
              </div>
              <pre id="saved-text" hidden></pre>
            </details>
          </section>
          <section id="result-pane" aria-labelledby="result-title" tabindex="-1">
            <h2 id="result-title" class="visually-hidden">Outcome</h2>
            <div id="outcome" aria-live="polite"></div>
            <h2>What would change it</h2>
            <div id="changes"></div>
            <div id="whatif" hidden>
              <h2>What if</h2>
              <div id="whatif-body"></div>
            </div>
            <h2>Rules that fired</h2>
            <div id="fired"></div>
            <h2>Scores</h2>
            <div id="scores"></div>
            <h2>Could be</h2>
            <div id="undetermined"></div>
            <h2>Missing information</h2>
            <div id="missing"></div>
            <h2>Advice</h2>
            <div id="advice"></div>
            <footer id="fingerprint" class="muted"></footer>
          </section>
        </div>
        <script src="/workbench.js"></script>
        </body>
        </html>

        """#
}
