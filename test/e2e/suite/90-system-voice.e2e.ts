// The system voice (espeak-ng here) in real VS Code: Edge refusing every connection hands the reading to
// it, and readAloud.engine "system" reads without ever touching the Edge server.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import * as ui from './ui';
import {
  highlightedWord,
  notificationsMatching,
  offsetOfHighlight,
  openFixture,
  readingStatusItem,
  selectionOf,
  sleep,
  useFakeEdge,
  waitForNotification,
  waitForNewSession,
} from './readAloud';

/** espeak-ng processes started by this extension host (the tests run inside it). */
function espeakChildren(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? [];
        return comm.startsWith('espeak') && Number(rest.split(' ')[1]) === process.pid ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

/** The player panel's status line and elapsed time, as the user sees them. */
function panel(): Promise<{ status: string; elapsed: string }> {
  return ui.webviewEval(
    ui.PLAYER,
    `({ status: document.querySelector('[role="status"]')?.textContent ?? '', elapsed: document.querySelector('.elapsed')?.textContent ?? '' })`,
  );
}

const seconds = (elapsed: string): number => elapsed.split(':').reduce((total, part) => total * 60 + Number(part), 0);

/** Waits for the panel to say "Reading…" with its clock moving (clicking "Enable audio" if the webview asks). */
async function waitForPanelPlaying(what: string): Promise<void> {
  await ui.waitFor(
    async () => {
      const state = await panel();
      if (/audio to be enabled|enable audio/i.test(state.status)) {
        await ui.clickInPlayer('Enable audio');
      }
      return state;
    },
    (state) => state.status === 'Reading…' && seconds(state.elapsed) >= 1,
    { timeoutMs: 15_000, intervalMs: 100, what: `the panel to play and its clock to move (${what})` },
  );
}

async function setEngine(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('readAloud').update('engine', value, vscode.ConfigurationTarget.Global);
}

ui.describeUi('the system voice', function () {
  this.timeout(60_000);
  const edge = useFakeEdge();

  afterEach(async () => {
    await setEngine(undefined);
    await vscode.workspace.getConfiguration('readAloud').update('systemVoice', undefined, vscode.ConfigurationTarget.Global);
    await ui.waitFor(
      () => espeakChildren(),
      (pids) => pids.length === 0,
      { timeoutMs: 3000, what: 'espeak-ng to be gone' },
    );
  });

  /** Reads all of sample.txt; returns when the command was given (performance.now()). */
  async function readWholeSample(): Promise<number> {
    const editor = await openFixture('sample.txt');
    const document = editor.document;
    editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(document.getText().length));
    const commandAt = performance.now();
    await vscode.commands.executeCommand('readAloud.readSelection');
    return commandAt;
  }

  it('auto: Edge refuses every connection, so the reading is heard with espeak-ng; status bar and one notification say so; Stop works', async () => {
    edge.server.setOptions({ fault: 'refuse' });
    await readWholeSample();
    const session = await ui.waitFor(
      () => (edge.api.reader.currentEngine === 'system' ? edge.api.reader.currentSession : undefined),
      (s) => !!s,
      {
        what: 'the reading to go on with the system voice',
      },
    );
    await waitForPanelPlaying('fallback');
    await edge.states.waitFor(session!.readingId, ['playing'], 15_000);
    assert.ok(edge.server.rejectedUpgrades.length >= 1, 'Edge was tried first and refused');
    assert.equal(edge.server.requests.length, 0, 'no text reached Edge');
    assert.ok(espeakChildren().length <= 1, 'at most one espeak-ng at a time');

    const item = await ui.waitFor(readingStatusItem, (i) => !!i && /system voice/.test(i.text), {
      what: 'the status bar to say "system voice"',
    });
    assert.match(item!.text, /Reading.*system voice/);
    const notice = await waitForNotification(/system voice/);
    assert.equal(notice.severity, 'warning');
    assert.match(notice.message, /can't be reached|refused/);
    assert.ok(notice.actions.includes('Retry Edge'), `it offers Retry Edge (actions: ${notice.actions.join(', ')})`);

    await vscode.commands.executeCommand('readAloud.stop');
    await edge.states.waitFor(session!.readingId, ['stopped']);
    await ui.waitFor(panel, (state) => state.status === 'Idle', { what: 'the panel to fall silent' });
    await ui.waitFor(
      () => espeakChildren(),
      (pids) => pids.length === 0,
      { timeoutMs: 3000, what: 'espeak-ng to be killed' },
    );

    // The next reading goes straight to the system voice (Edge is left alone for a while), with no second notification.
    edge.server.reset();
    await readWholeSample();
    const next = await waitForNewSession(edge.api, session, 'the next reading');
    assert.equal(edge.api.reader.currentEngine, 'system');
    await edge.states.waitFor(next.readingId, ['playing'], 15_000);
    assert.equal(edge.server.rejectedUpgrades.length, 0, 'Edge was not tried again so soon');
    await sleep(300);
    assert.equal((await notificationsMatching(/system voice/)).length, 1, 'one notification');
    await vscode.commands.executeCommand('readAloud.stop');
    // "Retry Edge" puts Edge first again.
    void edge.api.reader.retryEdge();
  });

  it('auto: Edge failing mid-reading hands over to the system voice from the last word heard, with no error shown', async () => {
    edge.server.setOptions({ fault: 'dropMidAudio', speedFactor: 1 });
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(
      editor.document,
      'The quick brown fox jumps over the lazy dog. Reading aloud helps you catch mistakes that silent reading misses.',
    );
    await vscode.commands.executeCommand('readAloud.readSelection');
    const first = edge.api.reader.currentSession!;
    const selectionStart = editor.document.offsetAt(editor.selection.start);
    await edge.states.waitFor(first.readingId, ['playing']);
    // Watch the word highlight while Edge speaks: the last word seen is (at most a word or two before) the last one heard.
    let lastSeen = -1;
    const system = await ui.waitFor(
      async () => {
        if (edge.api.reader.currentEngine === 'system') {
          return edge.api.reader.currentSession;
        }
        const word = await highlightedWord();
        if (word && edge.api.reader.currentEngine === 'edge') {
          lastSeen = Math.max(lastSeen, offsetOfHighlight(editor.document, word));
        }
        return undefined;
      },
      (s) => !!s,
      { timeoutMs: 20_000, intervalMs: 50, what: 'the system voice to take over' },
    );
    assert.notEqual(system, first);
    // It goes on from the last word heard: not from the start, not before what was seen, nothing skipped.
    const resumedAt = edge.api.reader.currentReadingStart!;
    console.log(`      last word seen highlighted at offset ${lastSeen}; the system voice went on from ${resumedAt}`);
    assert.ok(lastSeen > selectionStart, `Edge was heard for a while (last word seen at ${lastSeen})`);
    assert.ok(resumedAt >= lastSeen, `resumed at ${resumedAt}, not before the last word seen (${lastSeen})`);
    assert.ok(resumedAt - lastSeen < 40, `resumed at ${resumedAt}, at most a few words after the last one seen (${lastSeen})`);
    assert.match(editor.document.getText().slice(resumedAt - 1, resumedAt + 1), /^\W\w/, 'at the start of a word');
    await edge.states.waitFor(system!.readingId, ['playing'], 15_000);
    // Edge stayed silent once the system voice spoke: the first reading was stopped, not failed on screen.
    assert.deepEqual(
      edge.states.statesOf(first.readingId).filter((s) => s === 'failed'),
      [],
    );
    assert.deepEqual(await notificationsMatching(/dropped/), [], 'no error: the reading went on');
    void edge.api.reader.retryEdge();
  });

  it('engine "system": read with espeak-ng, and not one connection to the Edge server', async () => {
    await setEngine('system');
    const commandAt = await readWholeSample();
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'a reading started');
    assert.equal(edge.api.reader.currentEngine, 'system');
    await waitForPanelPlaying('engine system');
    const playing = await edge.states.waitFor(session.readingId, ['playing'], 15_000);
    console.log(`      command → playing with espeak-ng: ${Math.round(playing.at - commandAt)} ms (the bench measures it properly)`);
    const item = await readingStatusItem();
    assert.match(item?.text ?? '', /system voice/);

    // Pause and resume work as with Edge.
    await vscode.commands.executeCommand('readAloud.togglePause');
    await edge.states.waitFor(session.readingId, ['paused']);
    await vscode.commands.executeCommand('readAloud.togglePause');
    await edge.states.waitFor(
      session.readingId,
      ['playing'],
      10_000,
      edge.states.events.findIndex((e) => e.state === 'paused'),
    );

    await vscode.commands.executeCommand('readAloud.stop');
    await edge.states.waitFor(session.readingId, ['stopped']);
    assert.equal(edge.server.connections.length, 0, 'no WebSocket to Edge');
    assert.equal(edge.server.rejectedUpgrades.length, 0, 'no upgrade attempt');
    assert.equal(edge.server.voiceListRequests.length, 0, 'no voice list request');

    // Save as MP3 needs Edge: it says so instead of sending the text.
    await vscode.commands.executeCommand('readAloud.saveSelectionAsMp3');
    const notice = await waitForNotification(/Save as MP3 uses Microsoft Edge/);
    assert.equal(notice.severity, 'info');
    assert.equal(edge.server.connections.length, 0);
  });

  it('Select Voice lists the system voices in their own group, plays a sample, and keeps the choice (no Edge request with engine "system")', async () => {
    await setEngine('system');
    await openFixture('sample.txt');
    const previewStates = edge.states.mark();
    const picked = vscode.commands.executeCommand<string | undefined>('readAloud.selectVoice');
    await ui.waitFor(ui.quickInput, (q) => q.visible && q.rows.some((row) => /system voice/.test(row.ariaLabel)), {
      timeoutMs: 15_000,
      what: 'the system voices in the picker',
    });
    await ui.type('en-gb-x-rp');
    const filtered = await ui.waitFor(ui.quickInput, (q) => q.rows.some((row) => row.focused && row.label.includes('en-gb-x-rp')), {
      what: 'en-gb-x-rp to be highlighted',
    });
    assert.ok(filtered.rows.length >= 1);
    // Highlighting it plays a sample with the system voice.
    await ui.waitFor(
      () => edge.states.events.slice(previewStates).find((e) => e.state === 'playing' || e.state === 'needsUserGesture'),
      (e) => !!e,
      { timeoutMs: 15_000, what: 'a sample of the highlighted voice' },
    );
    await ui.press('Enter');
    assert.equal(await picked, 'en-gb-x-rp');
    assert.equal(vscode.workspace.getConfiguration('readAloud').get('systemVoice'), 'en-gb-x-rp');
    assert.equal(edge.server.voiceListRequests.length, 0, "Edge's voice list was not requested");
    assert.equal(edge.server.connections.length, 0);
  });
});
