// User-facing text for modules that must not import `vscode` (pure logic unit-tested in plain Node, and
// the player's shared code). They call `l10n.t('English text with {0}', value)` exactly as code with vscode
// calls `vscode.l10n.t`; `activate` hands `vscode.l10n.t` to `useTranslator`, so in VS Code every message
// is looked up in the extension's bundle for the display language. Until then (plain Node, tests) the
// English source text is formatted here the way VS Code formats it, so English output is identical either
// way. Only our templates are translated: callers sanitise untrusted values (untrustedText) before they
// pass them as arguments, and an argument is inserted once, never read as a template itself.
//
// Why a setter and not a lookup of our own: VS Code already knows the display language and loads the
// bundle; a second loader would duplicate that and could disagree with it.

/** A placeholder value: `{0}`, `{1}`… take them in order. */
export type L10nArg = string | number | boolean;

/** What `vscode.l10n.t` offers (its positional form). */
export type Translator = (message: string, ...args: L10nArg[]) => string;

let translator: Translator | undefined;

/** Routes every `t` call to `translate` (VS Code's `l10n.t`); `undefined` restores the English fallback. */
export function useTranslator(translate: Translator | undefined): void {
  translator = translate;
}

/** `message` in the display language, with `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: L10nArg[]): string {
  return translator ? translator(message, ...args) : format(message, args);
}

/**
 * VS Code's own rule (`format2`): each `{key}` with an argument of that index is replaced, in one pass;
 * any other braces (`{"de": …}`) are left as written.
 */
export function format(message: string, args: readonly L10nArg[]): string {
  if (args.length === 0) {
    return message;
  }
  return message.replace(/\{([^}]+)\}/g, (match, key: string) => {
    const value = /^\d+$/.test(key) ? args[Number(key)] : undefined;
    return value === undefined ? match : String(value);
  });
}
