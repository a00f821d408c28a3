// The player document's Content Security Policy: strict on paper, and enforced in Chromium.
import * as assert from 'assert';
import { createNonce, renderPlayerHtml } from '../../src/player/playerHtml';
import { PLAYER_STRINGS_ATTRIBUTE, parsePlayerStrings, playerStrings } from '../../src/shared/playerStrings';
import { PlayerPage, useBrowserRig } from './harness';

const OPTIONS = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/player.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/player.css',
  strings: playerStrings(),
};

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match?.[1] !== undefined, 'no CSP meta tag');
  return match[1];
}

describe('player webview: content security policy', function () {
  this.timeout(30000);

  it('renders a strict CSP with no unsafe-inline and nothing inline', () => {
    const html = renderPlayerHtml(OPTIONS);
    assert.strictEqual(
      cspOf(html),
      "default-src 'none'; img-src https://*.vscode-cdn.net; style-src https://*.vscode-cdn.net; script-src 'nonce-abc123'; media-src blob:; form-action 'none'; base-uri 'none';",
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'inline style or event handler');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="abc123" src="${OPTIONS.scriptUri}">`]);
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${OPTIONS.styleUri.replace(/[.+*]/g, '\\$&')}">`));
    assert.throws(() => renderPlayerHtml({ ...OPTIONS, nonce: "x' 'unsafe-inline" }));
    assert.throws(() => renderPlayerHtml({ ...OPTIONS, cspSource: "x; script-src 'unsafe-inline'" }));
  });

  it("carries the host's strings as inert data: markup in a translation stays text, and they parse back exactly", () => {
    const hostile = { ...playerStrings(), enableAudio: '"><script>alert(1)</script>', idle: "' onload='x' &amp; <b>" };
    const html = renderPlayerHtml({ ...OPTIONS, strings: hostile, language: 'de"><script>' });
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), [`<script nonce="abc123" src="${OPTIONS.scriptUri}">`]);
    assert.match(html, /<html lang="en">/, 'an invalid language tag falls back to en');
    const attribute = new RegExp(`<body ${PLAYER_STRINGS_ATTRIBUTE}="([^"]*)">`).exec(html)?.[1];
    assert.ok(attribute !== undefined, 'no strings attribute on <body>');
    const unescaped = attribute
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepStrictEqual(parsePlayerStrings(JSON.parse(unescaped)), hostile);
    assert.match(renderPlayerHtml({ ...OPTIONS, language: 'zh-cn' }), /<html lang="zh-cn">/);
    // The player accepts exactly the list: nothing missing, nothing extra, only strings.
    assert.strictEqual(parsePlayerStrings({ ...playerStrings(), extra: 'x' }), undefined);
    assert.strictEqual(parsePlayerStrings({ ...playerStrings(), idle: 3 }), undefined);
    assert.strictEqual(parsePlayerStrings({ ...playerStrings(), idle: '' }), undefined);
    assert.strictEqual(parsePlayerStrings(['Idle']), undefined);
  });

  it('creates a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.strictEqual(nonces.size, 50);
    for (const nonce of nonces) {
      assert.match(nonce, /^[0-9a-f]{32}$/);
    }
  });

  describe('in Chromium', () => {
    const rig = useBrowserRig();
    let player: PlayerPage; // its browser context closes with the browser

    before(async () => {
      player = await PlayerPage.open(rig.browser, rig.server);
    });

    it('runs the nonce script and the stylesheet without any violation', async () => {
      // `ready` arrived (PlayerPage.open waits for it): the nonce'd script ran.
      assert.deepStrictEqual(await player.problems(), []);
      const frame = player.page.frame({ url: `${rig.server.playerOrigin}/` });
      assert.ok(frame !== null, 'player frame not found');
      // The stylesheet applied: a rule from player.css, not a browser default.
      const radius = await frame.evaluate(() => getComputedStyle(document.querySelector('button')!).borderTopLeftRadius);
      assert.strictEqual(radius, '2px');
    });

    it('blocks and reports inline script and style (the policy is in force, the listener works)', async () => {
      const frame = player.page.frame({ url: `${rig.server.playerOrigin}/` });
      assert.ok(frame !== null);
      const ran = await frame.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.body.append(script);
        const style = document.createElement('style');
        style.textContent = 'body { color: red; }';
        document.head.append(style);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      assert.strictEqual(ran, false, 'an inline script ran');
      const { violations } = await player.snapshot();
      assert.ok(
        violations.some((v) => v.startsWith('script-src')),
        violations.join('\n'),
      );
      assert.ok(
        violations.some((v) => v.startsWith('style-src')),
        violations.join('\n'),
      );
    });

    it('blocks and reports a form submission and a <base> element (form-action, base-uri)', async () => {
      const frame = player.page.frame({ url: `${rig.server.playerOrigin}/` });
      assert.ok(frame !== null);
      const outcome = await frame.evaluate(async () => {
        const base = document.createElement('base');
        base.href = 'https://evil.example/';
        document.head.append(base);
        const form = document.createElement('form');
        form.action = '/collect';
        form.method = 'post';
        document.body.append(form);
        form.requestSubmit();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { baseURI: document.baseURI, stillHere: document.querySelector('form') !== null };
      });
      assert.ok(outcome.stillHere, 'the form submission navigated the player away');
      assert.doesNotMatch(outcome.baseURI, /evil\.example/, 'the <base> element re-rooted relative URLs');
      const { violations } = await player.snapshot();
      assert.ok(
        violations.some((v) => v.startsWith('form-action')),
        violations.join('\n'),
      );
      assert.ok(
        violations.some((v) => v.startsWith('base-uri')),
        violations.join('\n'),
      );
    });
  });
});
