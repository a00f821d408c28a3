// The player webview's document. Pure (no `vscode` import) so it can be tested and served outside VS Code.

import { PLAYER_STRINGS_ATTRIBUTE, type PlayerStrings } from '../shared/playerStrings';

export interface PlayerHtmlOptions {
  /** `webview.cspSource`: where the webview may load our local resources from. */
  readonly cspSource: string;
  /** A fresh `createNonce()` per render: only the script carrying it may run. */
  readonly nonce: string;
  /** `webview.asWebviewUri` of dist/webview/player.js. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri` of dist/webview/player.css. */
  readonly styleUri: string;
  /** The panel's words, already translated by the host (the webview cannot call vscode.l10n). */
  readonly strings: PlayerStrings;
  /** `vscode.env.language` (a BCP 47 tag such as `de` or `zh-cn`): the document's `lang`, for screen readers. */
  readonly language?: string;
}

/** Where build.mjs puts the player's script and stylesheet, relative to the extension: nothing else is in it. */
export const PLAYER_ASSETS_FOLDER = 'dist/webview';

/** What `webview.options` needs of vscode.WebviewOptions, without importing vscode. */
export interface PlayerWebviewOptions<Root> {
  readonly enableScripts: true;
  readonly enableForms: false;
  readonly localResourceRoots: readonly Root[];
}

/**
 * Scripts (ours, by nonce), no forms, and local files from the player's own folder only: the webview can
 * load neither extension.js nor anything else of the extension or the workspace.
 */
export function playerWebviewOptions<Root>(playerAssets: Root): PlayerWebviewOptions<Root> {
  return { enableScripts: true, enableForms: false, localResourceRoots: [playerAssets] };
}

/**
 * No inline script or style, nothing remote, no forms, no <base>; `media-src blob:` is what a MediaSource
 * object URL needs.
 * The panel itself is built by the script, so the document is only a shell; its words travel as data (JSON
 * in an escaped attribute), never as markup or script.
 */
export function renderPlayerHtml({ cspSource, nonce, scriptUri, styleUri, strings, language = 'en' }: PlayerHtmlOptions): string {
  // Both end up inside the CSP header: a stray ';' or quote would change the policy.
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) {
    throw new Error('The nonce must be base64 or hex.');
  }
  if (/[;,"\r\n]/.test(cspSource)) {
    throw new Error(`Unexpected characters in the CSP source ${JSON.stringify(cspSource)}.`);
  }
  const lang = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(language) ? language : 'en';
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    'media-src blob:',
    // Nothing to submit and no relative URLs to re-root: an injected <form> or <base> goes nowhere.
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>Read Aloud</title>
</head>
<body ${PLAYER_STRINGS_ATTRIBUTE}="${escapeAttribute(JSON.stringify(strings))}">
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits as hex, from the platform's CSPRNG (Node and browsers both have Web Crypto). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
