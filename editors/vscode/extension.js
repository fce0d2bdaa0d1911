// The VS Code client: starts `threshold lsp` for .rules and .scenario files. Needs `vscode-languageclient`
// (npm install in this folder); not tested here (see docs/editing.md).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("threshold").get("path", "threshold");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "threshold",
    "threshold",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "threshold" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{rules,scenario}") },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
