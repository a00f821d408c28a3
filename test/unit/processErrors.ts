import * as assert from 'node:assert/strict';

/**
 * Records unhandled rejections and uncaught exceptions while a suite runs. msedge-tts can throw from
 * inside `ws` (docs/protocol.md §7), which would otherwise go unnoticed or kill mocha at random.
 */
export function watchProcessErrors(): { reset(): void; assertNone(): void } {
  const seen: unknown[] = [];
  const record = (error: unknown) => seen.push(error);
  before(() => {
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
  });
  after(() => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
  });
  return {
    reset: () => {
      seen.length = 0;
    },
    assertNone: () => {
      assert.deepEqual(seen.map(String), [], 'no unhandled rejection or uncaught exception');
    },
  };
}
