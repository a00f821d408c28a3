// npm run bench -- --text: how long preparing text for speech blocks the extension host, for the audit's
// hostile code files and for 10 MB documents. Prints numbers; the ceilings are asserted in the unit tests.

import { performance } from 'node:perf_hooks';
import { passagePreparer } from '../src/reading/passagePreparer';
import { planReading } from '../src/reading/readingPlan';
import { readingPlanFor } from '../src/reading/lazyReadingPlan';
import { documentForSpeech } from '../src/text/code';
import { HOSTILE_CODE } from '../test/fixtures/hostileCode';

const RUNS = 5;

function median(run: () => void): number {
  const times: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
}

export function hostileText(): void {
  const options = { codeBlocks: 'announce', codeFiles: 'comments' } as const;
  console.log(`Text preparation (median of ${RUNS})`);
  for (const { name, source, languageId } of HOSTILE_CODE) {
    const ms = median(() => documentForSpeech(source, 0, languageId, options));
    console.log(`  hostile code: ${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms`);
  }
  const prose = 'The quick brown fox jumps over the lazy dog. See https://example.com/a/b for more.\n';
  const tenMb = prose.repeat(Math.ceil(10e6 / prose.length));
  const documents: Array<[string, string]> = [
    ['plaintext', tenMb],
    ['markdown', tenMb],
    ['typescript', tenMb.replace(/^/gm, '// ')],
  ];
  for (const [languageId, text] of documents) {
    const prepare = passagePreparer({ ...options, languageId, mode: 'document', pronunciations: [] });
    const ms = median(() => planReading([{ text, offset: 0 }], 4096, prepare));
    console.log(
      `  plan a 10 MB ${languageId} document whole, at once${' '.repeat(Math.max(0, 26 - languageId.length))} ${ms.toFixed(1).padStart(8)} ms`,
    );
    // As Read Document does it: window by window, the host free between windows. The longest window is what matters.
    const stretches: number[] = [];
    const started = performance.now();
    const lazy = readingPlanFor([{ text, offset: 0 }], { ...options, languageId, mode: 'document', pronunciations: [] });
    for (let at = performance.now(), more = true; more; at = performance.now()) {
      more = lazy.prepareNext();
      stretches.push(performance.now() - at);
    }
    const sorted = [...stretches].sort((a, b) => a - b);
    console.log(
      `  plan it in ${stretches.length - 1} windows: longest ${sorted.at(-1)?.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, all ${(performance.now() - started).toFixed(0)} ms`,
    );
  }
}
