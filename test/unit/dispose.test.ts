import * as assert from 'node:assert/strict';
import { combinedDisposable, Disposable, DisposableValue, disposeAll, toDisposable, type IDisposable } from '../../src/shared/dispose';

/** A disposable that writes its name into `log` each time it is disposed. */
function named(name: string, log: string[]): IDisposable {
  return { dispose: () => log.push(name) };
}

class Owner extends Disposable {
  register<T extends IDisposable>(item: T): T {
    return this._register(item);
  }
  get disposedYet(): boolean {
    return this.isDisposed;
  }
}

describe('dispose helpers', () => {
  it('toDisposable runs its clean-up once however often it is disposed', () => {
    let runs = 0;
    const d = toDisposable(() => runs++);
    d.dispose();
    d.dispose();
    assert.equal(runs, 1);
  });

  it('disposeAll disposes newest first, all of them even if one throws, then throws the first error', () => {
    const log: string[] = [];
    const items = [named('a', log), { dispose: () => { log.push('b'); throw new Error('b failed'); } }, named('c', log),
      { dispose: () => { log.push('d'); throw new Error('d failed'); } }]; // prettier-ignore
    assert.throws(() => disposeAll(items), /d failed/);
    assert.deepEqual(log, ['d', 'c', 'b', 'a']);
  });

  it('combinedDisposable disposes its parts together, once', () => {
    const log: string[] = [];
    const both = combinedDisposable(named('a', log), named('b', log));
    both.dispose();
    both.dispose();
    assert.deepEqual(log, ['b', 'a']);
  });

  it('Disposable disposes what it registered, newest first, once; later registrations are disposed at once', () => {
    const log: string[] = [];
    const owner = new Owner();
    const first = named('first', log);
    assert.equal(owner.register(first), first, '_register returns its argument');
    owner.register(named('second', log));
    assert.equal(owner.disposedYet, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['second', 'first']);
    assert.equal(owner.disposedYet, true);
    owner.register(named('late', log));
    assert.deepEqual(log, ['second', 'first', 'late']);
  });

  it('DisposableValue disposes the value it replaces, not the same value set again, and its value on dispose', () => {
    const log: string[] = [];
    const holder = new DisposableValue<IDisposable>();
    assert.equal(holder.value, undefined);
    const a = named('a', log);
    holder.value = a;
    holder.value = a;
    assert.deepEqual(log, [], 'setting the same value again disposes nothing');
    holder.value = named('b', log);
    assert.deepEqual(log, ['a']);
    holder.clear();
    assert.deepEqual(log, ['a', 'b']);
    assert.equal(holder.value, undefined);
    holder.value = named('c', log);
    holder.dispose();
    holder.dispose();
    assert.deepEqual(log, ['a', 'b', 'c']);
    holder.value = named('late', log);
    assert.deepEqual(log, ['a', 'b', 'c', 'late'], 'a value set after dispose is disposed at once');
    assert.equal(holder.value, undefined);
  });
});
