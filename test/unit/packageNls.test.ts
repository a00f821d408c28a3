// package.json's user-facing strings live in package.nls.json (English), so VS Code and the Marketplace can
// show them in the user's language (package.nls.<locale>.json). Checked here: every `%key%` resolves, every
// key is used, nothing a user reads is left literal in the manifest, and vsce still reads and ships it.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
/** vsce's own pattern (nls.js): a value outside it is shipped as literal text, not looked up. */
const NLS_REFERENCE = /^%([\w.]+)%$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function readJson(name: string): JsonObject {
  return JSON.parse(fs.readFileSync(path.join(ROOT, name), 'utf8')) as JsonObject;
}

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const asArray = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/** Every string value in the manifest, with its JSON path. */
function allStrings(value: Json, at: string, into: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') {
    into.push([at, value]);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => allStrings(item, `${at}[${index}]`, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      allStrings(item, at ? `${at}.${key}` : key, into);
    }
  }
  return into;
}

/** The texts a JSON schema shows in the Settings editor and in settings.json's hovers and errors. */
const SCHEMA_TEXTS = ['description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage'];
const SCHEMA_TEXT_LISTS = ['enumDescriptions', 'markdownEnumDescriptions'];

function schemaTexts(schema: JsonObject, at: string, into: Array<[string, Json | undefined]>): void {
  for (const field of SCHEMA_TEXTS) {
    if (field in schema) {
      into.push([`${at}.${field}`, schema[field]]);
    }
  }
  for (const field of SCHEMA_TEXT_LISTS) {
    asArray(schema[field]).forEach((text, index) => into.push([`${at}.${field}[${index}]`, text]));
  }
  for (const [name, property] of Object.entries(asObject(schema['properties']))) {
    schemaTexts(asObject(property), `${at}.properties.${name}`, into);
  }
  for (const nested of ['items', 'additionalProperties'] as const) {
    if (schema[nested] !== null && typeof schema[nested] === 'object') {
      schemaTexts(asObject(schema[nested]), `${at}.${nested}`, into);
    }
  }
}

/**
 * The JSON paths whose text a user reads, each of which must be a `%key%`:
 *   displayName, description, capabilities.untrustedWorkspaces.description,
 *   contributes.commands[].{title, shortTitle, category},
 *   contributes.languageModelTools[].{displayName, userDescription, modelDescription, inputSchema's descriptions},
 *   contributes.viewsContainers.*[].title, contributes.views.*[].{name, contextualTitle},
 *   contributes.configuration.title and every setting's schema texts (description, markdownDescription,
 *     enumDescriptions[], markdownEnumDescriptions[], patternErrorMessage, deprecation messages), nested
 *     schemas (items, properties, additionalProperties) included,
 *   contributes.colors[].description, contributes.submenus[].label,
 *   contributes.walkthroughs[].{title, description, steps[].{title, description}}.
 */
function localizablePaths(manifest: JsonObject): Array<[string, Json | undefined]> {
  const texts: Array<[string, Json | undefined]> = [];
  const pick = (object: JsonObject, at: string, fields: readonly string[]) => {
    for (const field of fields) {
      if (field in object) {
        texts.push([`${at}.${field}`.replace(/^\./, ''), object[field]]);
      }
    }
  };
  pick(manifest, '', ['displayName', 'description']);
  pick(asObject(asObject(manifest['capabilities'])['untrustedWorkspaces']), 'capabilities.untrustedWorkspaces', ['description']);
  const contributes = asObject(manifest['contributes']);
  asArray(contributes['commands']).forEach((command, i) =>
    pick(asObject(command), `contributes.commands[${i}]`, ['title', 'shortTitle', 'category']),
  );
  asArray(contributes['languageModelTools']).forEach((tool, i) => {
    pick(asObject(tool), `contributes.languageModelTools[${i}]`, ['displayName', 'userDescription', 'modelDescription']);
    schemaTexts(asObject(asObject(tool)['inputSchema']), `contributes.languageModelTools[${i}].inputSchema`, texts);
  });
  for (const [where, containers] of Object.entries(asObject(contributes['viewsContainers']))) {
    asArray(containers).forEach((container, i) => pick(asObject(container), `contributes.viewsContainers.${where}[${i}]`, ['title']));
  }
  for (const [container, views] of Object.entries(asObject(contributes['views']))) {
    asArray(views).forEach((view, i) => pick(asObject(view), `contributes.views.${container}[${i}]`, ['name', 'contextualTitle']));
  }
  const configurations = Array.isArray(contributes['configuration']) ? contributes['configuration'] : [contributes['configuration'] ?? {}];
  configurations.forEach((configuration, i) => {
    const at = Array.isArray(contributes['configuration']) ? `contributes.configuration[${i}]` : 'contributes.configuration';
    pick(asObject(configuration), at, ['title']);
    for (const [name, schema] of Object.entries(asObject(asObject(configuration)['properties']))) {
      schemaTexts(asObject(schema), `${at}.properties.${name}`, texts);
    }
  });
  asArray(contributes['colors']).forEach((color, i) => pick(asObject(color), `contributes.colors[${i}]`, ['description']));
  asArray(contributes['submenus']).forEach((submenu, i) => pick(asObject(submenu), `contributes.submenus[${i}]`, ['label']));
  asArray(contributes['walkthroughs']).forEach((walkthrough, i) => {
    pick(asObject(walkthrough), `contributes.walkthroughs[${i}]`, ['title', 'description']);
    asArray(asObject(walkthrough)['steps']).forEach((step, j) =>
      pick(asObject(step), `contributes.walkthroughs[${i}].steps[${j}]`, ['title', 'description']),
    );
  });
  return texts;
}

describe('package.json is localized through package.nls.json', () => {
  const manifest = readJson('package.json');
  const nls = readJson('package.nls.json');

  it('every %key% in package.json has its English text in package.nls.json', () => {
    const references = allStrings(manifest, '').filter(([, value]) => /^%.*%$/.test(value));
    assert.ok(references.length >= 40, `${references.length} references: the manifest's strings are looked up`);
    for (const [at, value] of references) {
      const key = NLS_REFERENCE.exec(value)?.[1];
      assert.ok(key, `${at}: ${value} is not a key vsce can look up (letters, digits, _ and . only)`);
      const text = nls[key];
      assert.equal(typeof text, 'string', `${at}: ${value} is missing from package.nls.json`);
      assert.ok((text as string).trim().length > 0, `${at}: ${value} is empty in package.nls.json`);
    }
  });

  it('every key of package.nls.json is used', () => {
    const used = new Set(allStrings(manifest, '').map(([, value]) => NLS_REFERENCE.exec(value)?.[1]));
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
    );
  });

  it('no text a user reads is left literal in package.json', () => {
    const texts = localizablePaths(manifest);
    // The paths are found: commands, the tool, views, every setting.
    assert.ok(texts.length >= 45, `${texts.length} localizable texts found`);
    assert.ok(
      texts.some(([at]) => at === 'contributes.configuration.properties.readAloud.pronunciations.items.properties.from.description'),
    );
    const literal = texts
      .filter(([, value]) => typeof value !== 'string' || !NLS_REFERENCE.test(value))
      .map(([at, value]) => `${at} = ${JSON.stringify(value)}`);
    assert.deepEqual(literal, []);
  });

  it('vsce reads the localized manifest and ships package.nls.json and the l10n bundle', async function () {
    this.timeout(120_000);
    // `vsce ls` reads the manifest as packaging does (throwing on a %key% it cannot resolve) and lists
    // what .vscodeignore lets into the .vsix; no build needed.
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = await new Promise<string[]>((resolve, reject) => {
      execFile(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, timeout: 100_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`vsce ls failed: ${error.message}\n${stderr}`)) : resolve(stdout.split(/\r?\n/).filter(Boolean)),
      );
    });
    assert.ok(listed.includes('package.json'), listed.join(', '));
    assert.ok(listed.includes('package.nls.json'), `package.nls.json is shipped: ${listed.join(', ')}`);
    assert.ok(listed.includes('l10n/bundle.l10n.json'), `the l10n bundle is shipped: ${listed.join(', ')}`);
  });
});
