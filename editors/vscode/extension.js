'use strict';
// The VS Code end of threshold's language server: starts `threshold lsp` (the program named by the setting
// `threshold.path`) and speaks the Language Server Protocol with it over standard input and output, for
// .rules and .scenario files. Everything the editor shows (diagnostics, hover, completion, definitions,
// references, rename, outline, folding, semantic tokens, quick fixes, code lenses, formatting) comes from the
// server; this file only starts it, restarts it when the setting changes, and stops it.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function serverOptions() {
  const command = vscode.workspace.getConfiguration('threshold').get('path') || 'threshold';
  // No `transport` here: with TransportKind.stdio the client would add `--stdio` to the arguments, which
  // `threshold lsp` refuses (it takes none). Without one, it still speaks over standard input and output.
  return { command, args: ['lsp'] };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'threshold-rules' },
      { scheme: 'file', language: 'threshold-scenario' },
    ],
    synchronize: {
      // Included files and scenario files change on disk too: the server rereads them.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{rules,scenario}'),
    },
    outputChannelName: 'threshold',
  };
}

async function start() {
  client = new LanguageClient('threshold', 'threshold', serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const path = vscode.workspace.getConfiguration('threshold').get('path') || 'threshold';
    vscode.window.showErrorMessage(
      `threshold: could not start \`${path} lsp\` (${error && error.message ? error.message : error}). ` +
        'Set threshold.path to the threshold program, e.g. .build/release/threshold.'
    );
  }
}

async function restart() {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop().catch(() => undefined);
  }
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('threshold.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('threshold.path')) {
        return restart();
      }
      return undefined;
    })
  );
  await start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
