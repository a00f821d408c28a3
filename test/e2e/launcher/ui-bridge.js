'use strict';
// The UI bridge: a tiny HTTP server in the launcher that lets the in-host mocha tests act on the
// real workbench page the way a user would (keys, palette, context menu, clicks in a webview) and
// read what the user would see. The extension host learns its URL from env READ_ALOUD_E2E_UI.
//
//   POST /ui  {"action": "...", ...}  ->  200 {"ok": true, "result": ...}
//                                     ->  500 {"ok": false, "error": "..."}
//
// Actions run one at a time (keyboard input must not interleave). Reads and screenshots use CdpPage
// (no user activation, see cdp-page.js); deliberate input uses Playwright's keyboard and mouse.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_TIMEOUT_MS = 10_000;

// ---- page-side functions (serialised with toString: they must be self-contained) -------------

function quickInputState() {
  const widget = document.querySelector('.quick-input-widget');
  const shown = !!widget && widget.style.display !== 'none' && widget.getBoundingClientRect().height > 0;
  if (!shown) return { visible: false, value: '', rows: [] };
  const input = widget.querySelector('input.input');
  const rows = [...widget.querySelectorAll('.quick-input-list .monaco-list-row')].map((row) => {
    const labelEl = row.querySelector('.label-name') || row;
    const r = row.getBoundingClientRect();
    return {
      label: (labelEl.textContent || '').replace(/\s+/g, ' ').trim(),
      ariaLabel: row.getAttribute('aria-label') || '',
      focused: row.classList.contains('focused'),
      x: r.left + r.width / 2,
      y: r.top + r.height / 2,
      height: r.height,
    };
  });
  return {
    visible: true,
    value: input ? input.value : '',
    inputFocused: !!input && document.activeElement === input,
    rows,
  };
}

function editorContextPoint() {
  // Right-click on the selection (VS Code keeps a selection when the click lands inside it and
  // moves the cursor otherwise), else on the cursor, else in the text area.
  const editor =
    document.querySelector('.editor-group-container.active .monaco-editor.focused') ||
    document.querySelector('.editor-group-container.active .monaco-editor') ||
    document.querySelector('.monaco-editor');
  if (!editor) return null;
  const pick = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  };
  const cursor = editor.querySelector('.cursors-layer .cursor');
  const cursorPoint = cursor && cursor.getBoundingClientRect();
  return (
    pick(editor.querySelector('.view-overlays .selected-text')) ||
    (cursorPoint && cursorPoint.height > 0 ? { x: cursorPoint.left + 1, y: cursorPoint.top + cursorPoint.height / 2 } : null) ||
    pick(editor.querySelector('.view-lines'))
  );
}

function contextMenuItems() {
  // Workbench menus render in a shadow root (a .shadow-root-host child of the workbench).
  const roots = [document];
  for (const host of document.querySelectorAll('.shadow-root-host')) {
    if (host.shadowRoot) roots.push(host.shadowRoot);
  }
  const items = [];
  for (const root of roots) {
    for (const menu of root.querySelectorAll('.monaco-menu')) {
      if (menu.getBoundingClientRect().height === 0) continue;
      for (const item of menu.querySelectorAll('.action-item')) {
        const label = item.querySelector('.action-label');
        if (!label) continue;
        const text = (label.getAttribute('aria-label') || label.textContent || '').replace(/\s+/g, ' ').trim();
        if (!text) continue;
        const r = item.getBoundingClientRect();
        items.push({
          label: text,
          disabled: item.classList.contains('disabled'),
          focused: item.classList.contains('focused'),
          x: r.left + r.width / 2,
          y: r.top + r.height / 2,
        });
      }
    }
  }
  return items;
}

function visibleNotifications() {
  // Toasts never show here: the workbench suppresses them when the smoke-test driver is enabled
  // (NotificationsToasts.addToast checks environmentService.enableSmokeTestDriver), which the
  // payload needs. So read the notifications center too; ui.ts opens it before asking.
  const text = (el) => (el ? (el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const out = [];
  const items = document.querySelectorAll(
    '.notifications-center.visible .notification-list-item, .notification-toast-container .notification-list-item',
  );
  for (const item of items) {
    if (item.getBoundingClientRect().height === 0) continue;
    const icon = item.querySelector('.notification-list-item-icon');
    const cls = icon ? icon.className : '';
    const message = item.querySelector('.notification-list-item-message');
    out.push({
      message: text(message),
      // Links VS Code rendered in the message (Markdown [label](target)): their targets.
      links: message ? [...message.querySelectorAll('a')].map((a) => a.getAttribute('href') || a.getAttribute('data-href') || text(a)) : [],
      severity: /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : 'info',
      source: text(item.querySelector('.notification-list-item-source')).replace(/^Source: /, ''),
      actions: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map(text),
    });
  }
  return out;
}

function statusBarItems() {
  const out = [];
  for (const item of document.querySelectorAll('.part.statusbar .statusbar-item')) {
    if (item.getBoundingClientRect().width === 0) continue;
    const label = item.querySelector('.statusbar-item-label') || item;
    out.push({
      id: item.id,
      text: (label.textContent || '').replace(/\s+/g, ' ').trim(),
      ariaLabel: label.getAttribute('aria-label') || item.getAttribute('aria-label') || '',
    });
  }
  return out;
}

function focusActiveEditor() {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor') || document.querySelector('.monaco-editor');
  // VS Code 1.139 takes input through an EditContext element; older builds through a textarea.
  const input = editor && editor.querySelector('.native-edit-context, textarea.inputarea, textarea');
  if (!input) return false;
  input.focus();
  return document.activeElement === input || editor.contains(document.activeElement);
}

function webviewProbe(arg) {
  return {
    title: document.title,
    matches: arg && arg.selector ? !!document.querySelector(arg.selector) : true,
    ready: document.readyState !== 'loading' && !!document.body && document.body.childElementCount > 0,
  };
}

function webviewHostVisible(webviewId) {
  const frame = document.querySelector(`iframe[name="${webviewId}"]`);
  if (!frame) return false;
  const r = frame.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(frame).visibility !== 'hidden';
}

// ---- the bridge ------------------------------------------------------------------------------

class UiBridge {
  /**
   * @param {{ artifactsDir: string, log: (msg: string) => void }} options
   */
  constructor(options) {
    this.artifactsDir = options.artifactsDir;
    this.log = options.log;
    this.page = undefined;
    this.cdp = undefined;
    this.queue = Promise.resolve();
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** Starts listening on 127.0.0.1:<free port>; returns the base URL. */
  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.address();
        resolve(`http://127.0.0.1:${port}`);
      });
    });
  }

  /** Called once the workbench page is loaded. */
  attach(page, cdp) {
    this.page = page;
    this.cdp = cdp;
    this.resolveReady();
  }

  close() {
    this.server.closeAllConnections?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  onRequest(req, res) {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health') return reply(200, { ok: true, ready: !!this.page });
    if (req.method !== 'POST' || req.url !== '/ui') return reply(404, { ok: false, error: 'POST /ui only' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let request;
      try {
        request = JSON.parse(body);
      } catch {
        return reply(400, { ok: false, error: 'body is not JSON' });
      }
      const run = this.queue.then(() => this.dispatch(request));
      this.queue = run.catch(() => undefined);
      run.then(
        (result) => reply(200, { ok: true, result: result === undefined ? null : result }),
        (err) => {
          this.log(`ui action ${request && request.action} failed: ${String((err && err.message) || err).split('\n')[0]}`);
          // Playwright's messages carry ANSI colour codes.
          reply(500, { ok: false, error: String((err && err.message) || err).replace(/\x1b\[[0-9;]*m/g, '') });
        },
      );
    });
  }

  async dispatch(request) {
    await this.readyPromise;
    const handler = request && typeof request.action === 'string' && ACTIONS[request.action];
    if (!handler) throw new Error(`unknown action ${JSON.stringify(request && request.action)}; known: ${Object.keys(ACTIONS).join(', ')}`);
    return handler.call(this, request);
  }

  // ---- helpers ----

  top(fn, arg) {
    return this.cdp.call(fn, arg);
  }

  /** Polls `read` until `done(value)` or the timeout; returns the last value. */
  async poll(read, done, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await read();
        if (done(last)) return last;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) {
        const seen = last instanceof Error ? last.message : JSON.stringify(last);
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
      }
      await delay(100);
    }
  }

  async closeQuickInput() {
    for (let i = 0; i < 3; i++) {
      const state = await this.top(quickInputState);
      if (!state.visible) return;
      await this.page.keyboard.press('Escape');
      await delay(100);
    }
  }

  /** Finds the content frame of a webview. target: { extensionId?, selector?, title? } */
  async findWebviewFrame(target, timeoutMs) {
    target = target || {};
    const describe = JSON.stringify(target);
    return this.poll(
      async () => {
        const candidates = [];
        for (const frame of await this.cdp.webviewFrames()) {
          if (target.extensionId && frame.extensionId !== target.extensionId) continue;
          let probe;
          try {
            probe = await this.cdp.call(webviewProbe, { selector: target.selector }, frame.frameId);
          } catch {
            continue; // its context is not there yet
          }
          if (!probe.ready || !probe.matches) continue;
          if (target.title && probe.title !== target.title) continue;
          const visible = await this.top(webviewHostVisible, frame.webviewId);
          candidates.push({ ...frame, title: probe.title, visible });
        }
        candidates.sort((a, b) => Number(b.visible) - Number(a.visible));
        return candidates[0];
      },
      (found) => !!found && !(found instanceof Error),
      timeoutMs,
      `a webview frame matching ${describe}`,
    ).catch(async (err) => {
      const all = await this.cdp.webviewFrames().catch(() => []);
      throw new Error(`${err.message}; webviews present: ${JSON.stringify(all.map((f) => ({ extensionId: f.extensionId, url: f.url })))}`);
    });
  }

  /**
   * The Playwright Frame for a webview content frame. Not by its URL: after document.open() the
   * content frame reports its host's URL (pre/index.html?id=…), so both frames share it. The host
   * frame's URL is unique (id=<uuid>) and the content frame is its child.
   */
  async playwrightFrame(cdpFrame) {
    const frames = await this.cdp.frames();
    const host = frames.find((f) => f.id === cdpFrame.hostFrameId);
    const hostFrame = host && this.page.frames().find((f) => f.url() === host.url && f.parentFrame() === this.page.mainFrame());
    const children = hostFrame ? hostFrame.childFrames() : [];
    if (children.length === 0) throw new Error(`Playwright does not know the content frame of webview ${cdpFrame.webviewId}`);
    // While VS Code swaps content, a pending frame may sit beside the active one; the newest wins.
    return children[children.length - 1];
  }

  artifactPath(name) {
    const file = path.isAbsolute(name) ? name : path.join(this.artifactsDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return file;
  }
}

/** Each action: `this` is the UiBridge, `req` the JSON request. */
const ACTIONS = {
  /** F1, type the title, click the row whose label is the title (or "Category: title"). */
  async runCommandFromPalette(req) {
    const title = String(req.title || '');
    if (!title) throw new Error('runCommandFromPalette needs a title');
    const timeoutMs = req.timeoutMs || DEFAULT_TIMEOUT_MS;
    await this.closeQuickInput();
    let opened = false;
    for (let attempt = 0; attempt < 2 && !opened; attempt++) {
      await this.page.keyboard.press('F1');
      opened = await this.poll(
        () => this.top(quickInputState),
        (s) => s.visible && s.value.startsWith('>'),
        3000,
        'the command palette',
      ).then(
        () => true,
        () => false,
      );
    }
    if (!opened) throw new Error('F1 did not open the command palette (is focus in the page?)');
    await this.page.keyboard.insertText(title);
    const matches = (row) => row.label === title || row.label.endsWith(`: ${title}`);
    let previous;
    const row = await this.poll(
      async () => {
        const state = await this.top(quickInputState);
        const found = state.value === `>${title}` ? state.rows.find(matches) : undefined;
        // The list re-renders while the filter settles; click only a row seen at the same place twice.
        const stable = found && previous && previous.label === found.label && previous.y === found.y;
        previous = found;
        return stable ? found : { pending: true, value: state.value, rows: state.rows.map((r) => r.label) };
      },
      (r) => !r.pending,
      timeoutMs,
      `the palette to list "${title}"`,
    ).catch(async (err) => {
      await this.closeQuickInput();
      throw err;
    });
    await this.page.mouse.click(row.x, row.y);
    await this.poll(
      () => this.top(quickInputState),
      (s) => !s.visible,
      3000,
      'the palette to close',
    );
    return { label: row.label };
  },

  /** Key or chord sequence in Playwright notation, e.g. "Escape", "Control+Alt+S", "Control+K V". */
  async press(req) {
    const keys = String(req.keys || '').trim();
    if (!keys) throw new Error('press needs keys');
    for (const chord of keys.split(/\s+/)) await this.page.keyboard.press(chord);
    return null;
  },

  /** Types text into whatever has focus (a real key event per character). */
  async type(req) {
    await this.page.keyboard.type(String(req.text || ''));
    return null;
  },

  /** Right-click in the active editor (on the selection if there is one) and click a menu item. */
  async contextMenu(req) {
    const item = String(req.item || '');
    if (!item) throw new Error('contextMenu needs an item');
    const timeoutMs = req.timeoutMs || DEFAULT_TIMEOUT_MS;
    const point = await this.top(editorContextPoint);
    if (!point) throw new Error('no editor is open to right-click in');
    await this.page.mouse.click(point.x, point.y, { button: 'right' });
    const items = await this.poll(
      () => this.top(contextMenuItems),
      (list) => list.length > 0,
      timeoutMs,
      'the context menu',
    );
    const target = items.find((i) => i.label === item);
    if (!target || target.disabled) {
      await this.page.keyboard.press('Escape');
      throw new Error(`context menu has no enabled item "${item}"; items: ${JSON.stringify(items.map((i) => i.label))}`);
    }
    // Hover first, until the menu has focused the item.
    await this.page.mouse.move(target.x, target.y);
    await this.poll(
      () => this.top(contextMenuItems),
      (list) => list.some((i) => i.focused && i.label === item),
      3000,
      `"${item}" to take the hover`,
    );
    // Then Enter: a mouse click on the item is sometimes dropped (12 of 15 went through in a loop
    // here; Enter on the hovered, focused item: 15 of 15).
    await this.page.keyboard.press('Enter');
    await this.poll(
      () => this.top(contextMenuItems),
      (list) => list.length === 0,
      3000,
      'the context menu to close',
    );
    return { label: target.label };
  },

  /** Click an element in a webview: by ARIA role + accessible name, a CSS selector, or exact text. */
  async clickInWebview(req) {
    const timeoutMs = req.timeoutMs || DEFAULT_TIMEOUT_MS;
    const cdpFrame = await this.findWebviewFrame(req.target, timeoutMs);
    const frame = await this.playwrightFrame(cdpFrame);
    let locator;
    if (req.role) locator = frame.getByRole(req.role, req.name ? { name: req.name, exact: true } : {});
    else if (req.selector) locator = frame.locator(req.selector);
    else if (req.text) locator = frame.getByText(req.text, { exact: true });
    else throw new Error('clickInWebview needs role (+ name), selector or text');
    await locator.first().click({ timeout: timeoutMs });
    return null;
  },

  /** Evaluate a JS expression in a webview's content frame (no user activation); JSON result. */
  async webviewEval(req) {
    if (typeof req.expression !== 'string') throw new Error('webviewEval needs an expression string');
    const frame = await this.findWebviewFrame(req.target, req.timeoutMs || DEFAULT_TIMEOUT_MS);
    return this.cdp.evaluate(req.expression, frame.frameId);
  },

  /** Evaluate a JS expression in the workbench page itself (no user activation). */
  async pageEval(req) {
    if (typeof req.expression !== 'string') throw new Error('pageEval needs an expression string');
    return this.cdp.evaluate(req.expression);
  },

  /** Webviews currently in the page: [{ extensionId, webviewId, url, title?, visible }]. */
  async webviews() {
    const frames = await this.cdp.webviewFrames();
    const out = [];
    for (const frame of frames) {
      const probe = await this.cdp.call(webviewProbe, {}, frame.frameId).catch(() => undefined);
      const visible = await this.top(webviewHostVisible, frame.webviewId);
      out.push({ extensionId: frame.extensionId, webviewId: frame.webviewId, url: frame.url, title: probe && probe.title, visible });
    }
    return out;
  },

  /** navigator.userActivation of the page, or of a webview when `target` is given. */
  async userActivation(req) {
    const expression = '({ hasBeenActive: navigator.userActivation.hasBeenActive, isActive: navigator.userActivation.isActive })';
    if (!req.target) return this.cdp.evaluate(expression);
    const frame = await this.findWebviewFrame(req.target, req.timeoutMs || DEFAULT_TIMEOUT_MS);
    return this.cdp.evaluate(expression, frame.frameId);
  },

  async screenshot(req) {
    const file = this.artifactPath(String(req.path || req.name || `screenshot-${Date.now()}.png`));
    await this.cdp.screenshot(file);
    return { path: file };
  },

  async notifications() {
    return this.top(visibleNotifications);
  },

  async statusBar() {
    return this.top(statusBarItems);
  },

  async quickInput() {
    return this.top(quickInputState);
  },

  async focusEditor() {
    const focused = await this.top(focusActiveEditor);
    if (!focused) throw new Error('no editor to focus');
    return null;
  },
};

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { UiBridge };
