// Code read the way a developer says it: identifiers split into words (`getUserByID` → "get user by ID",
// snake_case, SCREAMING_CASE, kebab-case), operators that carry meaning spoken (`=>` "arrow", `!==` "not
// equals", `&&` "and"), brackets and semicolons silent, `a.b` as "a dot b", `src/app.ts` as "src slash
// app dot ts", version numbers as "version 1 point 2 point 3". Every spoken word maps back to its exact
// source characters, so the highlight lands on `User` inside `getUserByID`. Pure: no vscode import.

import { cleanSpokenText, composeSpokenText, SpokenTextBuilder, type SpokenText } from '../spoken';

/** Operators and what is said for them; longest first where one is the start of another. */
const OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['===', 'equals'],
  ['!==', 'not equals'],
  ['==', 'equals'],
  ['!=', 'not equals'],
  ['<=', 'less than or equal to'],
  ['>=', 'greater than or equal to'],
  ['=>', 'arrow'],
  ['->', 'arrow'],
  ['::', 'double colon'],
  ['&&', 'and'],
  ['||', 'or'],
  ['??', 'or else'],
  ['+=', 'plus equals'],
  ['-=', 'minus equals'],
  ['++', 'plus plus'],
  ['=', 'equals'],
];
const OPERATOR_WORDS = new Map(OPERATORS);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One token per match, tried in this order at each position:
 * 1 version number, 2 plain number, 3 operator, 4 `!` before an operand, 5 kebab-case word,
 * 6 identifier, 7 `.` between words, 8 `/` between path parts, 9 brackets and semicolons.
 */
const TOKEN = new RegExp(
  [
    /(?<![\w.])(v?\d+(?:\.\d+){2,})(?![\w.]*\w)/.source,
    /(\d+(?:\.\d+)?)/.source,
    `(${OPERATORS.map(([op]) => escape(op)).join('|')})`,
    /(!)(?=[\w$(])/.source,
    /(?<![\w$-])([a-z][a-z0-9]+(?:-[a-z][a-z0-9]+)+)(?![\w$-])/.source,
    /([A-Za-z_$][A-Za-z0-9_$]*)/.source,
    /(?<=[A-Za-z_$)\]])(\.)(?=[A-Za-z_$])/.source,
    /(?<=[\w.])(\/)(?=[\w.])/.source,
    /([(){}[\];])/.source,
  ].join('|'),
  'g',
);

/** A piece of an identifier: its source range within the identifier and what is said for it. */
export interface IdentifierPart {
  readonly start: number;
  readonly end: number;
  readonly spoken: string;
}

/**
 * The words of an identifier: split at `_`, `$`, `-`, lower→upper case changes, acronym ends
 * (`XMLHttp` → XML, Http) and letter/digit changes. Capitalised words are said in lower case; acronyms
 * (all capitals) are kept, except that in SCREAMING_CASE words of four letters or more are lowered.
 */
export function splitIdentifier(identifier: string): IdentifierPart[] {
  const screaming = /[A-Z]/.test(identifier) && !/[a-z]/.test(identifier);
  const parts: IdentifierPart[] = [];
  for (const match of identifier.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g)) {
    const word = match[0];
    const start = match.index;
    let spoken = word;
    if (screaming ? word.length >= 4 : /^[A-Z][a-z]/.test(word)) {
      spoken = word.toLowerCase();
    }
    parts.push({ start, end: start + word.length, spoken });
  }
  return parts;
}

/** `spoken` (code, already cleaned) as a developer says it, mapping back through `spoken`'s own map. */
export function codeForTheEar(spoken: SpokenText): SpokenText {
  const text = spoken.text;
  const builder = new SpokenTextBuilder(text);
  let copied = 0;
  let changed = false;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    const [, version, , operator, not, kebab, identifier, dot, slash, bracket] = match;
    if (version !== undefined) {
      builder.appendSource(copied, start);
      const numbers = version.replace(/^v/, '').split('.');
      builder.appendReplacement(` ${version.startsWith('v') ? 'version ' : ''}${numbers.join(' point ')} `, start, end);
      changed = true;
    } else if (operator !== undefined || not !== undefined || dot !== undefined || slash !== undefined) {
      builder.appendSource(copied, start);
      const word = operator !== undefined ? OPERATOR_WORDS.get(operator) : not !== undefined ? 'not' : dot !== undefined ? 'dot' : 'slash';
      builder.appendReplacement(` ${word} `, start, end);
      changed = true;
    } else if (kebab !== undefined || identifier !== undefined) {
      const parts = splitIdentifier(kebab ?? identifier ?? '');
      if (parts.length === 1 && parts[0]!.start === 0 && parts[0]!.end === end - start && parts[0]!.spoken === match[0]) {
        continue; // a plain word: copied as is with the text around it
      }
      builder.appendSource(copied, start);
      parts.forEach((part, index) => {
        if (index > 0) {
          // The separator (`_`, `-`, or nothing between case changes) becomes a space.
          builder.appendReplacement(' ', start + (parts[index - 1] as IdentifierPart).end, start + part.start);
        }
        if (part.spoken === text.slice(start + part.start, start + part.end)) {
          builder.appendSource(start + part.start, start + part.end);
        } else {
          builder.appendReplacement(part.spoken, start + part.start, start + part.end);
        }
      });
      if (parts.length === 0) {
        builder.appendReplacement(' ', start, end); // only separators, e.g. `__`
      }
      changed = true;
    } else if (bracket !== undefined) {
      builder.appendSource(copied, start);
      builder.appendReplacement(' ', start, end);
      changed = true;
    } else {
      continue; // a number: copied as is
    }
    copied = end;
  }
  if (!changed) {
    return spoken;
  }
  builder.appendSource(copied, text.length);
  // The inserted spaces may double up with the code's own: clean once more.
  return cleanSpokenText(composeSpokenText(builder.build(), spoken));
}
