// The user's own pronunciation list ("VS Code" → "Visual Studio Code", "kubectl" → "cube control"),
// applied to the spoken text after everything else, so rules are written against what is heard, not
// against Markdown or comment syntax. A replacement stands for the exact document range of what it
// replaced, so the highlight covers "kubectl" while "cube control" is said.

import { untrustedText } from '../../notifications/untrustedText';
import * as l10n from '../../shared/l10n';
import { composeSpokenText, SpokenText, SpokenTextBuilder } from '../spoken';

export interface PronunciationRule {
  /** Text to find; whitespace in it matches any run of whitespace (a rule for "VS Code" finds "VS\nCode"). */
  readonly from: string;
  /** What to say instead; may be empty, to say nothing. */
  readonly to: string;
  /** Match only whole words (default true): "IT" must not change "ITEM". */
  readonly wholeWord?: boolean;
  /**
   * Match case exactly. Default: only when `from` has a capital letter ("smart case"), so "sql" also finds
   * "SQL", but a rule for "IT" leaves "it" alone.
   */
  readonly caseSensitive?: boolean;
}

export const MAX_PRONUNCIATION_RULES = 500;
const MAX_PRONUNCIATION_FROM_LENGTH = 100;
const MAX_PRONUNCIATION_TO_LENGTH = 200;

interface CompiledRule {
  readonly to: string;
  readonly order: number;
}

interface RuleGroup {
  readonly pattern: RegExp;
  /** The rule of each capture group, in group order. */
  readonly rules: readonly CompiledRule[];
}

// Settings change rarely and a reading applies the same list to every passage: compile once per list.
const compiled = new WeakMap<ReadonlyArray<PronunciationRule>, RuleGroup[]>();

/**
 * Applies `rules` to `spoken`. Where matches overlap the longest wins, then the earliest rule; each
 * replacement maps to the document range of the text it replaced. Rules with an empty `from`, and rules
 * beyond {@link MAX_PRONUNCIATION_RULES} or the length limits, are ignored (see
 * {@link validatePronunciations} for telling the user).
 */
export function applyPronunciations(
  spoken: SpokenText,
  rules: ReadonlyArray<PronunciationRule>,
  onLimit?: (limit: number) => void,
): SpokenText {
  let groups = compiled.get(rules);
  if (!groups) {
    groups = compileRules(rules);
    compiled.set(rules, groups);
  }
  if (groups.length === 0 || spoken.text.length === 0) return spoken;

  const text = spoken.text;
  const matches: Array<{ start: number; end: number; rule: CompiledRule }> = [];
  for (const group of groups) {
    group.pattern.lastIndex = 0;
    for (let match = group.pattern.exec(text); match; match = group.pattern.exec(text)) {
      const index = match.findIndex((value, n) => n > 0 && value !== undefined);
      const rule = group.rules[index - 1];
      if (rule && match[0].length > 0) matches.push({ start: match.index, end: match.index + match[0].length, rule });
      if (match[0].length === 0) group.pattern.lastIndex++;
    }
  }
  if (matches.length === 0) return spoken;
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.rule.order - b.rule.order);

  const builder = new SpokenTextBuilder(text);
  let copied = 0;
  // A workspace's rules could otherwise turn every letter into 200 characters: that much more to send,
  // hear and wait for. Past the limit the rest of the text is read as written.
  let growthLeft = maxPronunciationGrowth(text.length);
  for (const { start, end, rule } of matches) {
    if (start < copied) continue; // overlaps a match already taken
    const growth = rule.to.length - (end - start);
    if (growth > growthLeft) {
      onLimit?.(maxPronunciationGrowth(text.length));
      break;
    }
    growthLeft -= Math.max(0, growth);
    builder.appendSource(copied, start);
    builder.appendReplacement(rule.to, start, end);
    copied = end;
  }
  builder.appendSource(copied, text.length);
  return composeSpokenText(builder.build(), spoken);
}

/** How many characters pronunciations may add to a text of `length` characters: it may triple, plus a little. */
export function maxPronunciationGrowth(length: number): number {
  return 2 * length + 1000;
}

/**
 * Rules grouped by case sensitivity and by which ends need a word boundary, each group one regular
 * expression of alternatives, longest first. The boundaries stand outside the alternation: written into
 * every alternative, 500 rules took a second to compile.
 */
function compileRules(rules: ReadonlyArray<PronunciationRule>): RuleGroup[] {
  const buckets = new Map<string, Array<{ source: string; rule: CompiledRule; length: number }>>();
  rules.slice(0, MAX_PRONUNCIATION_RULES).forEach((rule, order) => {
    const from = typeof rule.from === 'string' ? rule.from.trim() : '';
    const to = typeof rule.to === 'string' ? rule.to : '';
    if (from === '' || from.length > MAX_PRONUNCIATION_FROM_LENGTH || to.length > MAX_PRONUNCIATION_TO_LENGTH) return;
    const caseSensitive = rule.caseSensitive ?? /\p{Lu}/u.test(from);
    const source = from
      .split(/\s+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    // Whole-word edges only where the rule has a word character: "C++" must not follow a letter ("xC++"),
    // but may be followed by anything, and "->" may sit between two words.
    const whole = rule.wholeWord ?? true;
    const before = whole && isWordCharacter(from.codePointAt(0) ?? 0);
    const after = whole && isWordCharacter(lastCodePoint(from));
    const key = `${caseSensitive ? 'gu' : 'giu'}${before ? 1 : 0}${after ? 1 : 0}`;
    const bucket = buckets.get(key) ?? [];
    bucket.push({ source, rule: { to, order }, length: from.length });
    buckets.set(key, bucket);
  });
  const groups: RuleGroup[] = [];
  for (const [key, entries] of buckets) {
    // Alternatives are tried in order, so the longest rule matching at a position wins.
    entries.sort((a, b) => b.length - a.length || a.rule.order - b.rule.order);
    const alternatives = entries.map((entry) => `(${entry.source})`).join('|');
    const before = key.charAt(key.length - 2) === '1' ? '(?<![\\p{L}\\p{N}\\p{M}_])' : '';
    const after = key.charAt(key.length - 1) === '1' ? '(?![\\p{L}\\p{N}\\p{M}_])' : '';
    groups.push({
      pattern: new RegExp(`${before}(?:${alternatives})${after}`, key.slice(0, -2)),
      rules: entries.map((entry) => entry.rule),
    });
  }
  return groups;
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

function isWordCharacter(codePoint: number): boolean {
  return WORD_CHARACTER.test(String.fromCodePoint(codePoint));
}

function lastCodePoint(text: string): number {
  const last = text.codePointAt(text.length - 1) ?? 0;
  return last >= 0xdc00 && last <= 0xdfff && text.length >= 2 ? (text.codePointAt(text.length - 2) ?? last) : last;
}

export interface ValidatedPronunciations {
  readonly rules: readonly PronunciationRule[];
  /** One message per entry that was ignored or repaired, for the user. */
  readonly problems: readonly string[];
}

/**
 * Validates the pronunciation setting. Accepts a list of `{ from, to, wholeWord?, caseSensitive? }` or,
 * simpler to write, an object `{ "VS Code": "Visual Studio Code" }`. Entries that cannot be used are
 * dropped and reported; control characters and line breaks in `to` become spaces (they would end up in
 * the SSML request).
 */
export function validatePronunciations(raw: unknown): ValidatedPronunciations {
  const problems: string[] = [];
  const rules: PronunciationRule[] = [];
  if (raw === undefined || raw === null) return { rules, problems };

  // Where an entry is: its number in a list, or its "from" in an object (said in whole sentences below).
  let entries: Array<[number | string, unknown]>;
  if (Array.isArray(raw)) {
    entries = raw.map((entry, n) => [n + 1, entry]);
  } else if (typeof raw === 'object') {
    entries = Object.entries(raw as Record<string, unknown>).map(([from, to]) => [clip(from), { from, to }]);
  } else {
    return {
      rules,
      problems: [l10n.t('Pronunciations must be a list of { "from", "to" } entries or an object of "from": "to" pairs; ignoring it.')],
    };
  }

  const seen = new Set<string>();
  for (const [where, entry] of entries) {
    if (rules.length === MAX_PRONUNCIATION_RULES) {
      problems.push(
        l10n.t(
          'Only the first {0} pronunciations are used; ignoring {1} more.',
          MAX_PRONUNCIATION_RULES,
          entries.length - MAX_PRONUNCIATION_RULES,
        ),
      );
      break;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(
        typeof where === 'number'
          ? l10n.t('Pronunciation entry {0} is not a { "from", "to" } entry; ignoring it.', where)
          : l10n.t('Pronunciation "{0}" is not a { "from", "to" } entry; ignoring it.', where),
      );
      continue;
    }
    const { from, to, wholeWord, caseSensitive } = entry as Record<string, unknown>;
    if (typeof from !== 'string' || from.trim() === '') {
      problems.push(
        typeof where === 'number'
          ? l10n.t('Pronunciation entry {0} has no "from" text; ignoring it.', where)
          : l10n.t('Pronunciation "{0}" has no "from" text; ignoring it.', where),
      );
      continue;
    }
    const fromText = from.trim();
    if (fromText.length > MAX_PRONUNCIATION_FROM_LENGTH) {
      problems.push(
        l10n.t('Pronunciation "{0}": "from" is longer than {1} characters; ignoring it.', clip(fromText), MAX_PRONUNCIATION_FROM_LENGTH),
      );
      continue;
    }
    if (typeof to !== 'string') {
      problems.push(l10n.t('Pronunciation "{0}" has no "to" text; ignoring it.', clip(fromText)));
      continue;
    }
    const toText = to
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (toText.length > MAX_PRONUNCIATION_TO_LENGTH) {
      problems.push(
        l10n.t('Pronunciation "{0}": "to" is longer than {1} characters; ignoring it.', clip(fromText), MAX_PRONUNCIATION_TO_LENGTH),
      );
      continue;
    }
    const rule: { from: string; to: string; wholeWord?: boolean; caseSensitive?: boolean } = { from: fromText, to: toText };
    if (wholeWord !== undefined) {
      if (typeof wholeWord === 'boolean') rule.wholeWord = wholeWord;
      else problems.push(l10n.t('Pronunciation "{0}": "wholeWord" must be true or false; using true.', clip(fromText)));
    }
    if (caseSensitive !== undefined) {
      if (typeof caseSensitive === 'boolean') rule.caseSensitive = caseSensitive;
      else problems.push(l10n.t('Pronunciation "{0}": "caseSensitive" must be true or false; using the default.', clip(fromText)));
    }
    const key = `${(rule.caseSensitive ?? /\p{Lu}/u.test(fromText)) ? fromText : fromText.toLowerCase()}\u0000${rule.wholeWord ?? true}`;
    if (seen.has(key)) {
      problems.push(l10n.t('Pronunciation "{0}" is listed twice; using the first.', clip(fromText)));
      continue;
    }
    seen.add(key);
    rules.push(rule);
  }
  return { rules, problems };
}

/** A rule's text as quoted in a problem: a workspace may have written it, so it is made inert. */
function clip(text: string): string {
  return untrustedText(text, 40);
}
