'use strict';
// Our own CDP session on the workbench page, for everything that must NOT give the page user
// activation: reading the DOM, screenshots, and the codeAutomationLog/Exit hooks.
//
// Why: Playwright's frame.evaluate and locator reads run through `Runtime.callFunctionOn` with
// `userGesture: true`; page.screenshot and calls to page/context.exposeFunction bindings evaluate
// the same way. Each gives the frame (and its ancestors) sticky user activation, and Chromium's
// autoplay policy then lets <audio> in that frame, or in any same-origin descendant that allows
// autoplay, play without a click — code-server serves webviews from the workbench's origin with
// `allow="autoplay"`. A harness that merely logged, looked or took a screenshot would make the
// "Enable audio" path untestable. So: `Runtime.evaluate` (userGesture defaults to false) in the
// frame's main-world context, `Page.captureScreenshot`, and `Runtime.addBinding`.
// Only deliberate input (keyboard, mouse, clicks in webviews) goes through Playwright.

/** Path of the outer webview host page served by the workbench (VS Code's webview/browser/pre). */
const WEBVIEW_HOST_PATH = /\/webview\/browser\/pre\/index(-no-csp)?\.html$/;

class CdpPage {
  /** @param {import('playwright-core').CDPSession} cdp */
  constructor(cdp) {
    this.cdp = cdp;
    /** @type {Map<string, number>} frameId -> main-world execution context id */
    this.contexts = new Map();
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData || {};
      if (aux.isDefault && aux.frameId) this.contexts.set(aux.frameId, context.id);
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      for (const [frameId, id] of this.contexts) if (id === executionContextId) this.contexts.delete(frameId);
    });
    cdp.on('Runtime.executionContextsCleared', () => this.contexts.clear());
  }

  /** Attach before page.goto so that the hooks exist when the workbench loads. */
  static async attach(page) {
    const cdp = await page.context().newCDPSession(page);
    const cdpPage = new CdpPage(cdp);
    // Runtime.enable replays executionContextCreated for every existing context.
    await cdp.send('Runtime.enable');
    await cdp.send('Page.enable');
    return cdpPage;
  }

  /**
   * Defines window[name](...args) in every frame of every future document; calls arrive in
   * `handler(args)`. Fire-and-forget (returns undefined), which is all VS Code's hooks need.
   */
  async exposeHook(name, handler) {
    const binding = `__e2e_${name}`;
    this.cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name !== binding) return;
      let args;
      try {
        args = JSON.parse(event.payload);
      } catch {
        args = [event.payload];
      }
      handler(args);
    });
    await this.cdp.send('Runtime.addBinding', { name: binding });
    const source = `window[${JSON.stringify(name)}] = (...args) => {
      let payload;
      try { payload = JSON.stringify(args); } catch { payload = JSON.stringify(args.map(String)); }
      window[${JSON.stringify(binding)}](payload);
    };`;
    await this.cdp.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  /** PNG of the viewport, written to `file`. */
  async screenshot(file) {
    const { data } = await this.cdp.send('Page.captureScreenshot', { format: 'png' });
    require('node:fs').writeFileSync(file, Buffer.from(data, 'base64'));
  }

  /** Flat list of frames: { id, parentId, url, name }. Same-origin iframes live in the page's target. */
  async frames() {
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    const out = [];
    const walk = (node) => {
      out.push({ id: node.frame.id, parentId: node.frame.parentId, url: node.frame.url, name: node.frame.name });
      for (const child of node.childFrames || []) walk(child);
    };
    walk(frameTree);
    return out;
  }

  async topFrameId() {
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    return frameTree.frame.id;
  }

  /**
   * Evaluates a JS expression (may yield a promise) in a frame's main world, by value.
   * @param {string | undefined} frameId undefined = top frame
   */
  async evaluate(expression, frameId) {
    const id = frameId || (await this.topFrameId());
    const contextId = this.contexts.get(id);
    if (contextId === undefined) throw new Error(`no JavaScript context (yet) for frame ${id}`);
    const { result, exceptionDetails } = await this.cdp.send('Runtime.evaluate', {
      expression,
      contextId,
      returnByValue: true,
      awaitPromise: true,
      userGesture: false,
    });
    if (exceptionDetails) {
      const text = (exceptionDetails.exception && exceptionDetails.exception.description) || exceptionDetails.text;
      throw new Error(`evaluation failed: ${text}`);
    }
    return result.value;
  }

  /** Calls a self-contained function (serialised with toString) with one JSON argument. */
  call(fn, arg, frameId) {
    return this.evaluate(`(${fn.toString()})(${JSON.stringify(arg === undefined ? null : arg)})`, frameId);
  }

  /**
   * The content frames of webviews: VS Code nests them as
   * workbench > iframe (pre/index.html?id=…&extensionId=…) > iframe (pre/fake.html, then document.write()n).
   * The inner frame keeps the URL fake.html?id=<webview id> and, in Chromium's frame tree, the name it
   * had while loading ("pending-frame"), so neither name nor URL says whose webview it is: the
   * extension id comes from the outer frame's query, the rest from evaluating in the content.
   */
  async webviewFrames() {
    const frames = await this.frames();
    const byId = new Map(frames.map((f) => [f.id, f]));
    const out = [];
    for (const frame of frames) {
      const parent = frame.parentId && byId.get(frame.parentId);
      if (!parent) continue;
      let hostUrl;
      try {
        hostUrl = new URL(parent.url);
      } catch {
        continue;
      }
      if (!WEBVIEW_HOST_PATH.test(hostUrl.pathname)) continue;
      out.push({
        frameId: frame.id,
        hostFrameId: parent.id,
        url: frame.url,
        webviewId: hostUrl.searchParams.get('id'),
        extensionId: hostUrl.searchParams.get('extensionId'),
      });
    }
    return out;
  }
}

module.exports = { CdpPage };
