// Reading beyond the editor's text: the agent's tool, the clipboard, the hover, the problem at the
// cursor, and the public API other extensions call. Each reads what it should for the ear (the local
// Edge server shows the text it received), and when there is nothing, says so and sends nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReadAloudApi, ReadAloudState } from '../../../src/api';
import * as ui from './ui';
import {
  EXTENSION_ID,
  fixtureUri,
  openFixture,
  rangeOf,
  sleep,
  useFakeEdge,
  waitForAudioAdvancing,
  waitForNotification,
  type FakeEdgeContext,
} from './readAloud';

const FIXTURE = 'beyond.txt';

/** An agent's answer: a heading, emphasis, a link and a code block, as a chat model writes them. */
const AGENT_MARKDOWN = [
  '## All tests pass',
  '',
  'I fixed the **parser** and updated [the guide](https://docs.example.com/guide/parsing).',
  '',
  '```python',
  'def parse(text): return secret_code_not_to_read(text)',
  '```',
  '',
  'Nothing else changed.',
].join('\n');
const AGENT_SPOKEN = 'All tests pass. I fixed the parser and updated the guide. Code block in Python. Nothing else changed.';

/** Everything the server was asked to say, in order, as one text. */
function spokenByServer(edge: FakeEdgeContext): string {
  return edge.server.requests
    .map((request) => request.text)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** Nothing may reach the service: no reading, no socket, no request (after time for a stray one to appear). */
async function assertNothingSent(edge: FakeEdgeContext): Promise<void> {
  assert.equal(edge.api.reader.currentSession, undefined, 'no reading started');
  await sleep(500);
  assert.equal(edge.server.connections.length, 0, 'no socket was opened');
  assert.equal(edge.server.requests.length, 0, 'no text was sent');
  assert.deepEqual(edge.states.events, [], 'no reading changed state');
}

/** Puts the cursor at the start of `text` (plus `into` characters) in `editor`. */
function putCursor(editor: vscode.TextEditor, text: string, into = 0): void {
  const at = rangeOf(editor.document, text).start.translate(0, into);
  editor.selection = new vscode.Selection(at, at);
}

ui.describeUi('reading beyond the editor', () => {
  // Slow speech: a reading is still going when a test stops or replaces it.
  const edge = useFakeEdge({ charsPerSecond: 5 });
  const disposables: vscode.Disposable[] = [];

  before(async () => {
    await openFixture(FIXTURE);
    // One key press, as a user's first: the page may then play sound without "Enable audio" even when
    // this file runs alone (READ_ALOUD_E2E_ONLY).
    await ui.focusEditor();
    await ui.press('End');
  });

  after(async () => {
    disposables.splice(0).forEach((d) => void d.dispose());
    await vscode.env.clipboard.writeText('');
  });

  describe('the readAloud_speak language model tool', () => {
    it('is registered with its schema, as package.json declares it', () => {
      const tool = vscode.lm.tools.find((t) => t.name === 'readAloud_speak');
      assert.ok(tool, `readAloud_speak is among the tools (${vscode.lm.tools.map((t) => t.name).join(', ')})`);
      assert.match(tool.description, /aloud/i);
      const schema = tool.inputSchema as { required?: string[]; properties?: Record<string, unknown> };
      assert.deepEqual(schema.required, ['text']);
      assert.ok(schema.properties?.['text'] && schema.properties['languageId']);
    });

    it("reads the agent's Markdown for the ear, replacing the reading in progress; Ctrl+Alt+S stops it", async () => {
      const editor = await openFixture(FIXTURE);
      editor.selection = new vscode.Selection(0, 0, 2, 0);
      await vscode.commands.executeCommand('readAloud.readSelection');
      const first = edge.api.reader.currentSession!;
      assert.ok(first, 'a reading of the editor started first');
      await edge.states.waitFor(first.readingId, ['playing']);

      const invokedAt = performance.now();
      const result = await vscode.lm.invokeTool('readAloud_speak', { input: { text: AGENT_MARKDOWN }, toolInvocationToken: undefined });
      const returnedAt = performance.now();
      const said = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
      assert.match(said, /speaking/i, 'the model is told the text is being spoken');

      await edge.states.waitFor(first.readingId, ['stopped']);
      const agent = edge.api.reader.currentSession;
      assert.ok(agent && agent !== first, "the agent's text is the reading now");
      const playing = await edge.states.waitFor(agent.readingId, ['playing']);
      await waitForAudioAdvancing("the agent's text");
      await ui.waitFor(
        () => edge.server.requests.length,
        (n) => n >= 2,
        { what: "the agent's request" },
      );
      const agentText = edge.server.requests
        .slice(1)
        .map((r) => r.text)
        .join(' ')
        .replace(/\s+/g, ' ');
      assert.equal(agentText, AGENT_SPOKEN, 'markup gone, the link shortened to its text, the code block announced and not read');
      // Reported, not asserted (a busy machine): the tool returns at once; the order is what matters.
      const receivedAt = edge.server.requests[1]!.receivedAt;
      assert.ok(invokedAt <= receivedAt && receivedAt <= playing.at, 'invoked, then requested, then playing');
      const ms = (n: number) => `${Math.round(n)} ms`;
      console.log(
        `      invokeTool → returned ${ms(returnedAt - invokedAt)}, → text at the server ${ms(receivedAt - invokedAt)}, → playing ${ms(playing.at - invokedAt)}`,
      );

      const closed = edge.server.nextClose(3000);
      await ui.press('Control+Alt+S');
      await edge.states.waitFor(agent.readingId, ['stopped']);
      await closed;
      await ui.waitFor(ui.playerState, (s) => s.paused === true, { what: 'the player to fall silent' });
    });

    it('an empty text is an error for the model, and nothing is sent', async () => {
      await assert.rejects(
        Promise.resolve(vscode.lm.invokeTool('readAloud_speak', { input: { text: ' \n ' }, toolInvocationToken: undefined })),
        /empty/,
      );
      await assertNothingSent(edge);
    });
  });

  describe('Read Clipboard Aloud', () => {
    it('reads the clipboard as Markdown for the ear, from the palette', async () => {
      await vscode.env.clipboard.writeText(AGENT_MARKDOWN);
      await ui.runCommandFromPalette('Read Clipboard Aloud');
      const session = await ui.waitFor(
        () => edge.api.reader.currentSession,
        (s) => !!s,
        { what: 'the clipboard reading' },
      );
      await edge.states.waitFor(session!.readingId, ['playing']);
      assert.equal(spokenByServer(edge), AGENT_SPOKEN);
    });

    it('says the clipboard has no text when it is empty, and sends nothing', async () => {
      await vscode.env.clipboard.writeText('   ');
      await vscode.commands.executeCommand('readAloud.readClipboard');
      const notification = await waitForNotification(/clipboard has no text/);
      assert.equal(notification.severity, 'info');
      await assertNothingSent(edge);
    });
  });

  describe('Read Hover', () => {
    before(() => {
      // The fixture's own hover provider: "greet" has a signature and documentation; nothing else has a hover.
      disposables.push(
        vscode.languages.registerHoverProvider(
          { pattern: `**/${FIXTURE}` },
          {
            provideHover(document, position) {
              const word = document.getText(document.getWordRangeAtPosition(position));
              if (word !== 'greet') return undefined;
              return new vscode.Hover([
                { language: 'typescript', value: 'function greet(name: string): void' },
                new vscode.MarkdownString('Says **hello** to `name`. See [the greeting guide](https://docs.example.com/greet).'),
              ]);
            },
          },
        ),
      );
    });

    it('reads the hover at the cursor: the signature announced as code, the documentation without markup', async () => {
      const editor = await openFixture(FIXTURE);
      putCursor(editor, 'greet', 2);
      await vscode.commands.executeCommand('readAloud.readHover');
      const session = edge.api.reader.currentSession;
      assert.ok(session, 'a reading started');
      await edge.states.waitFor(session.readingId, ['playing']);
      assert.equal(spokenByServer(edge), 'Code block in TypeScript. Says hello to name. See the greeting guide.');
    });

    it('says there is no hover where there is none, and sends nothing', async () => {
      const editor = await openFixture(FIXTURE);
      putCursor(editor, 'second line', 2);
      await vscode.commands.executeCommand('readAloud.readHover');
      await waitForNotification(/no hover at the cursor/);
      await assertNothingSent(edge);
    });
  });

  describe('Read Problem at Cursor', () => {
    let problems: vscode.DiagnosticCollection;
    before(async () => {
      const document = (await openFixture(FIXTURE)).document;
      problems = vscode.languages.createDiagnosticCollection('read-aloud-e2e');
      disposables.push(problems);
      const unused = new vscode.Diagnostic(
        rangeOf(document, 'alpha'),
        "'alpha' is defined but never used",
        vscode.DiagnosticSeverity.Error,
      );
      unused.source = 'eslint';
      unused.code = { value: 'no-unused-vars', target: vscode.Uri.parse('https://eslint.org/docs/rules/no-unused-vars') };
      const spelling = new vscode.Diagnostic(rangeOf(document, 'omega'), 'Unknown word (omega)', vscode.DiagnosticSeverity.Information);
      spelling.source = 'cSpell';
      problems.set(fixtureUri(FIXTURE), [unused, spelling]);
    });

    it('reads the problem under the cursor: severity, source, code and message', async () => {
      const editor = await openFixture(FIXTURE);
      putCursor(editor, 'alpha', 3);
      await ui.runCommandFromPalette('Read Problem at Cursor');
      const session = await ui.waitFor(
        () => edge.api.reader.currentSession,
        (s) => !!s,
        { what: 'the problem reading' },
      );
      await edge.states.waitFor(session!.readingId, ['playing']);
      assert.equal(spokenByServer(edge), "Error from eslint, no-unused-vars: 'alpha' is defined but never used.");
    });

    it('reads the nearest problem on the line when none is under the cursor', async () => {
      const editor = await openFixture(FIXTURE);
      putCursor(editor, 'there at the end');
      await vscode.commands.executeCommand('readAloud.readProblem');
      const session = edge.api.reader.currentSession;
      assert.ok(session, 'a reading started');
      await edge.states.waitFor(session.readingId, ['playing']);
      assert.equal(spokenByServer(edge), 'Information from cSpell: Unknown word (omega).');
    });

    it('says there is no problem on a clean line, and sends nothing', async () => {
      const editor = await openFixture(FIXTURE);
      putCursor(editor, 'second line');
      await vscode.commands.executeCommand('readAloud.readProblem');
      await waitForNotification(/no problem at the cursor/);
      await assertNothingSent(edge);
    });
  });

  describe('the public API', () => {
    function publicApi(): ReadAloudApi {
      const extension = vscode.extensions.getExtension<ReadAloudApi>(EXTENSION_ID);
      assert.ok(extension?.isActive, 'Read Aloud is active');
      return extension.exports;
    }

    it('speaks text for another extension, reports its state, and stops', async () => {
      const api = publicApi();
      assert.equal(api.apiVersion, 1);
      assert.equal(api.state, 'idle');
      const seen: ReadAloudState[] = [];
      disposables.push(api.onDidChangeState((state) => seen.push(state)));

      const spoken = api.speak('Build **finished**: 3 warnings. See https://ci.example.com/builds/42 for details.');
      await ui.waitFor(
        () => api.state,
        (state) => state === 'playing',
        { what: 'the API to report playing' },
      );
      assert.equal(spokenByServer(edge), 'Build finished: 3 warnings. See link to ci.example.com for details.');
      await waitForAudioAdvancing('the API reading');

      api.stop();
      await spoken;
      assert.equal(api.state, 'idle');
      assert.deepEqual(seen, ['loading', 'playing', 'idle'], 'every state, in order');
      await edge.server.waitForAllClosed(5000);
    });

    it('moves to the next sentence of a text that has no document', async () => {
      const api = publicApi();
      void api.speak('First of three sentences here. The second follows it. The third ends it.').catch(() => undefined);
      const first = await ui.waitFor(
        () => edge.api.reader.currentSession,
        (s) => !!s,
        { what: 'the API reading' },
      );
      await edge.states.waitFor(first!.readingId, ['playing']);
      await vscode.commands.executeCommand('readAloud.nextSentence');
      const second = edge.api.reader.currentSession;
      assert.ok(second && second !== first, 'the reading restarted');
      await edge.states.waitFor(second.readingId, ['playing']);
      assert.equal(edge.server.requests.at(-1)?.text, 'The second follows it. The third ends it.');
    });

    it('rejects an empty text without sending anything or bothering the user', async () => {
      const api = publicApi();
      await assert.rejects(api.speak(''), /nothing to read/);
      await assert.rejects(api.speak(42 as unknown as string), /needs a string/);
      await assertNothingSent(edge);
      assert.deepEqual(await ui.notifications(), [], 'no notification');
    });
  });
});
