'use strict';
// editors/vscode/extension.js against stand-ins for `vscode` and `vscode-languageclient/node` (neither can be
// installed here): what it asks the real LanguageClient for. Not VS Code: it shows the client starts
// `<threshold.path> lsp` with no extra arguments over standard input and output for both languages, restarts
// on a change of the setting, and stops on deactivate. usage: node Tests/Editors/extension_test.js
const assert = require('assert');
const Module = require('module');
const path = require('path');

const events = [];
let configuredPath = '/opt/threshold/bin/threshold';
let configListener;
const commands = {};

const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => (section === 'threshold' && key === 'path' ? configuredPath : undefined) }),
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: (listener) => {
      configListener = listener;
      return { dispose() {} };
    },
  },
  window: { showErrorMessage: (message) => events.push(['error', message]) },
  commands: {
    registerCommand: (name, fn) => {
      commands[name] = fn;
      return { dispose() {} };
    },
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions });
    events.push(['new', this]);
  }
  start() {
    events.push(['start', this.serverOptions.command]);
    return Promise.resolve();
  }
  stop() {
    events.push(['stop', this.serverOptions.command]);
    return Promise.resolve();
  }
}

const stubs = { vscode, 'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } } };
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (Object.prototype.hasOwnProperty.call(stubs, request)) return stubs[request];
  return load.call(this, request, parent, isMain);
};

const extension = require(path.join(__dirname, '..', '..', 'editors', 'vscode', 'extension.js'));

(async () => {
  const context = { subscriptions: [] };
  await extension.activate(context);
  const created = events.filter((e) => e[0] === 'new').map((e) => e[1]);
  assert.strictEqual(created.length, 1, 'one client on activation');
  const client = created[0];
  assert.strictEqual(client.serverOptions.command, configuredPath, 'the program is the threshold.path setting');
  assert.deepStrictEqual(client.serverOptions.args, ['lsp'], 'the arguments are exactly ["lsp"]');
  assert.strictEqual(client.serverOptions.transport, undefined,
    'no transport: TransportKind.stdio would add --stdio, which `threshold lsp` refuses');
  assert.strictEqual(client.serverOptions.module, undefined, 'an executable, not a node module');
  const languages = client.clientOptions.documentSelector.map((s) => s.language).sort();
  assert.deepStrictEqual(languages, ['threshold-rules', 'threshold-scenario'], 'both languages');
  assert.strictEqual(client.clientOptions.synchronize.fileEvents.glob, '**/*.{rules,scenario}', 'watches both kinds of file');
  assert.ok(events.some((e) => e[0] === 'start'), 'the client is started');
  assert.ok(typeof commands['threshold.restartServer'] === 'function', 'a restart command');
  assert.ok(context.subscriptions.length >= 2, 'the command and the listener are disposed with the extension');

  configuredPath = '/elsewhere/threshold';
  await configListener({ affectsConfiguration: (s) => s === 'threshold.path' });
  const after = events.filter((e) => e[0] === 'new').map((e) => e[1]);
  assert.strictEqual(after.length, 2, 'a change of threshold.path makes a new client');
  assert.deepStrictEqual(events.filter((e) => e[0] === 'stop').map((e) => e[1]), ['/opt/threshold/bin/threshold'],
    'the old server is stopped');
  assert.strictEqual(after[1].serverOptions.command, '/elsewhere/threshold', 'the new client starts the new path');
  await configListener({ affectsConfiguration: () => false });
  assert.strictEqual(events.filter((e) => e[0] === 'new').length, 2, 'other settings change nothing');

  await extension.deactivate();
  assert.deepStrictEqual(events.filter((e) => e[0] === 'stop').map((e) => e[1]).pop(), '/elsewhere/threshold',
    'deactivate stops the server');
  console.log('extension_test: extension.js starts `threshold.path lsp` (no --stdio) for both languages, restarts on a change of the setting, stops on deactivate (against stand-ins, not VS Code)');
})().catch((error) => {
  console.error('FAIL extension_test: ' + error.message);
  process.exit(1);
});
