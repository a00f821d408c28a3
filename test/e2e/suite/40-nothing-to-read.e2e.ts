// A selection of nothing but whitespace: the user is told, and nothing goes to the service.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, sleep, useFakeEdge, waitForNotification } from './readAloud';

ui.describeUi('a whitespace-only selection', () => {
  const edge = useFakeEdge();

  it('says there is nothing to read and sends nothing', async () => {
    const editor = await openFixture('whitespace.txt');
    const document = editor.document;
    assert.equal(document.getText().trim(), '', 'the fixture is whitespace only');
    editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(document.getText().length));
    await ui.focusEditor();
    await ui.press('Control+Alt+A');

    const notification = await waitForNotification(/nothing to read/i);
    assert.equal(notification.severity, 'info');
    assert.match(notification.message, /selection/, 'it says what was empty');
    assert.equal(edge.api.reader.currentSession, undefined, 'no reading started');
    // Give a stray request time to show up before concluding there was none.
    await sleep(500);
    assert.equal(edge.server.connections.length, 0, 'no socket was opened');
    assert.equal(edge.server.requests.length, 0, 'no text was sent');
    assert.deepEqual(edge.states.events, [], 'no reading changed state');
  });
});
