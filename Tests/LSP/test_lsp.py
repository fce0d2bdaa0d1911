"""`threshold lsp` end to end with a real client: pytest-lsp (pygls) starts the binary and speaks the protocol
to it over standard input and output, checking each response against the client's capabilities as it goes.

Run by Tests/LSP/run.sh (THRESHOLD names the binary). The workspace is the repository: its shipped rule sets and
scenario files. Documents are opened with unsaved text where a test needs an error; nothing on disk is changed.
"""

import asyncio
import json
import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("THRESHOLD", str(ROOT / ".build/debug/threshold"))
RATINGS = ROOT / "rules/camden/ratings.rules"
MASH = ROOT / "rules/camden-mash.rules"
SCENARIO = ROOT / "scenarios/camden/front-door.scenario"


def uri(path):
    return path.as_uri()


def position(text, needle, offset=0, occurrence=0):
    """The protocol position (UTF-16 columns) of the `occurrence`th `needle` in `text`, plus `offset`."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return t.Position(line=line, character=len(text[start:at].encode("utf-16-le")) // 2 + offset)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.initialize_result = await lsp_client.initialize_session(
        t.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=uri(ROOT))
    )
    yield
    await lsp_client.shutdown_session()


async def open_document(client, path, text=None):
    text = path.read_text() if text is None else text
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri(path), language_id="threshold", version=1, text=text)
        )
    )
    await client.wait_for_notification("textDocument/publishDiagnostics")
    return text


async def test_initialize_declares_the_features(client):
    # The fixture initialized the session; a second look at what the server said it can do.
    assert client.initialize_result.server_info.name == "threshold"
    caps = client.initialize_result.capabilities
    assert caps.hover_provider and caps.definition_provider and caps.references_provider
    assert caps.rename_provider.prepare_provider
    assert caps.completion_provider is not None
    assert caps.text_document_sync.change == t.TextDocumentSyncKind.Incremental
    assert "keyword" in caps.semantic_tokens_provider.legend.token_types


async def test_an_error_is_published_with_code_range_hint_and_a_quick_fix(client):
    text = MASH.read_text().replace("= exploitation_risk", "= exploitaton_risk")
    await open_document(client, MASH, text)
    diagnostics = client.diagnostics[uri(MASH)]
    errors = [d for d in diagnostics if d.code == "undeclared-name"]
    assert len(errors) == 1, diagnostics
    d = errors[0]
    assert d.severity == t.DiagnosticSeverity.Error
    assert d.range.start == position(text, "exploitaton_risk")
    assert d.range.end == position(text, "exploitaton_risk", offset=len("exploitaton_risk"))
    assert "help: did you mean `exploitation_risk`?" in d.message
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri(MASH)),
            range=d.range,
            context=t.CodeActionContext(diagnostics=[d]),
        )
    )
    assert [a.title for a in actions] == ["Change `exploitaton_risk` to `exploitation_risk`"]
    edit = actions[0].edit.changes[uri(MASH)][0]
    assert edit.new_text == "exploitation_risk" and edit.range == d.range

    # An incremental edit that fixes it: the diagnostics are published again, without the error.
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri(MASH), version=2),
            content_changes=[t.TextDocumentContentChangePartial(range=d.range, text="exploitation_risk")],
        )
    )
    await client.wait_for_notification("textDocument/publishDiagnostics")
    assert not [d for d in client.diagnostics[uri(MASH)] if d.severity == t.DiagnosticSeverity.Error]


async def test_hover_on_a_fact_and_a_rule(client):
    text = await open_document(client, RATINGS)
    hover = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)),
            position=position(text, "when imminent_danger", offset=6),
        )
    )
    assert hover.contents.kind == t.MarkupKind.Markdown
    assert hover.contents.value.startswith("**fact** `imminent_danger`: yes/no")
    assert "Is the child in imminent danger" in hover.contents.value
    rule = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)),
            position=position(text, "rule imminent_danger", offset=6),
        )
    )
    assert "then **red_urgent**" in rule.contents.value
    assert "worked cases" in rule.contents.value


async def test_completion_of_fact_names_and_levels(client):
    text = await open_document(client, RATINGS)
    text += "\nrule new_rule when imminent_danger then "
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri(RATINGS), version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    end = position(text, "then ", offset=5, occurrence=text.count("then ") - 1)
    levels = await client.text_document_completion_async(
        t.CompletionParams(text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)), position=end)
    )
    assert [i.label for i in levels.items] == ["amber", "blue", "green", "red", "red_urgent"]
    facts = await client.text_document_completion_async(
        t.CompletionParams(
            text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)),
            position=position(text, "when imminent_danger then ", offset=5),
        )
    )
    item = next(i for i in facts.items if i.label == "imminent_danger")
    assert item.kind == t.CompletionItemKind.Variable
    assert "imminent danger" in item.documentation


async def test_definition_across_an_include(client):
    text = await open_document(client, MASH)
    location = await client.text_document_definition_async(
        t.DefinitionParams(
            text_document=t.TextDocumentIdentifier(uri=uri(MASH)),
            position=position(text, "= domestic_abuse_high_risk", offset=3),
        )
    )
    assert location.uri == uri(RATINGS)
    line = RATINGS.read_text().split("\n")[location.range.start.line]
    assert line.startswith("fact domestic_abuse_high_risk ")


async def test_references_reach_scenario_files(client):
    text = await open_document(client, RATINGS)
    refs = await client.text_document_references_async(
        t.ReferenceParams(
            text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)),
            position=position(text, "fact imminent_danger", offset=6),
            context=t.ReferenceContext(include_declaration=True),
        )
    )
    uris = {r.uri for r in refs}
    assert uri(RATINGS) in uris
    assert any(u.endswith(".scenario") for u in uris)
    for r in refs:
        path = pathlib.Path(r.uri[len("file://"):])
        line = path.read_text().split("\n")[r.range.start.line]
        assert line[r.range.start.character:r.range.end.character] == "imminent_danger", (r.uri, line)


async def test_rename_edits_scenarios_and_refuses_a_clash(client):
    text = await open_document(client, RATINGS)
    at = position(text, "fact imminent_danger", offset=6)
    prepared = await client.text_document_prepare_rename_async(
        t.PrepareRenameParams(text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)), position=at)
    )
    assert prepared.start == position(text, "fact imminent_danger", offset=5)
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)), position=at, new_name="danger_now")
    )
    assert uri(SCENARIO) in edit.changes
    assert all(e.new_text == "danger_now" for es in edit.changes.values() for e in es)
    with pytest.raises(Exception) as refused:
        await client.text_document_rename_async(
            t.RenameParams(text_document=t.TextDocumentIdentifier(uri=uri(RATINGS)), position=at, new_name="age")
        )
    assert "already declared" in str(refused.value)


async def test_outline_folding_tokens_lenses_and_formatting(client):
    text = await open_document(client, RATINGS)
    doc = t.TextDocumentIdentifier(uri=uri(RATINGS))
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc))
    assert "imminent_danger" in [s.name for s in symbols]
    folds = await client.text_document_folding_range_async(t.FoldingRangeParams(text_document=doc))
    assert any(f.end_line > f.start_line for f in folds)
    tokens = await client.text_document_semantic_tokens_full_async(t.SemanticTokensParams(text_document=doc))
    assert len(tokens.data) % 5 == 0 and len(tokens.data) > 1000
    lenses = await client.text_document_code_lens_async(t.CodeLensParams(text_document=doc))
    assert all(l.command.title.startswith("fires in ") for l in lenses) and lenses
    scenario_text = await open_document(client, SCENARIO)
    scenario_lenses = await client.text_document_code_lens_async(
        t.CodeLensParams(text_document=t.TextDocumentIdentifier(uri=uri(SCENARIO)))
    )
    assert len(scenario_lenses) == scenario_text.count("\nscenario ") + scenario_text.startswith("scenario ")
    assert all(l.command.title.startswith("passed") for l in scenario_lenses)
    edits = await client.text_document_formatting_async(
        t.DocumentFormattingParams(text_document=doc, options=t.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    assert list(edits) == []  # the shipped files are already in the canonical layout
    messy = text.replace("fact imminent_danger yes/no", "fact   imminent_danger   yes/no", 1)
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri(RATINGS), version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=messy)],
        )
    )
    edits = await client.text_document_formatting_async(
        t.DocumentFormattingParams(text_document=doc, options=t.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    assert len(edits) == 1 and edits[0].new_text == text


def test_garbage_never_stops_the_server():
    """Raw bytes, not a client: malformed headers and bodies get errors, and the server still answers."""
    body = lambda m: json.dumps(m).encode()
    frame = lambda b: b"Content-Length: %d\r\n\r\n" % len(b) + b
    messages = [
        b"Content-Length: nope\r\n\r\n",
        frame(b"{\"jsonrpc\":"),
        frame(b"[]"),
        frame(body({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": 5}})),
        frame(body({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"position": "x"}})),
        frame(body({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nowhere/x.rules", "text": "rule ( \u0000 \"é🚸"}}})),
        frame(body({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///nowhere/x.rules"}, "position": {"line": -4, "character": 99999}}})),
        frame(body({"jsonrpc": "2.0", "id": 4, "method": "shutdown"})),
        frame(body({"jsonrpc": "2.0", "method": "exit"})),
    ]
    done = subprocess.run([BINARY, "lsp"], input=b"".join(messages), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    replies = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        n = int(head.split(b":")[1])
        replies.append(json.loads(rest[:n]))
        out = rest[n:]
    ids = [r.get("id") for r in replies if "id" in r]
    assert ids == [None, None, None, 1, 2, 3, 4], replies
    assert [r["error"]["code"] for r in replies if "error" in r] == [-32700, -32700, -32600, -32602]
