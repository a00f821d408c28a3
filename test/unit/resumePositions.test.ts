import * as assert from 'node:assert/strict';
import {
  MAX_REMEMBERED_DOCUMENTS,
  RESUME_STORAGE_KEY,
  ResumePositions,
  shiftOffset,
  type KeyValueStorage,
} from '../../src/reading/resumePositions';

/** Stands in for workspaceState: values go through JSON, as VS Code stores them. */
class JsonStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

describe('resume positions', () => {
  it('remembers a position per document, and a new store on the same storage (a reloaded window) finds it', async () => {
    const storage = new JsonStorage();
    let clock = 1000;
    const store = new ResumePositions(storage, () => clock);
    await store.save('file:///a.md', 120);
    clock = 2000;
    await store.save('file:///b.txt', 7);
    const reloaded = new ResumePositions(storage);
    assert.deepEqual(reloaded.get('file:///a.md'), { offset: 120, savedAt: 1000 });
    assert.deepEqual(reloaded.get('file:///b.txt'), { offset: 7, savedAt: 2000 });
    assert.equal(reloaded.get('file:///c.txt'), undefined);
    await reloaded.forget('file:///a.md');
    assert.equal(store.get('file:///a.md'), undefined);
    assert.deepEqual(store.get('file:///b.txt')?.offset, 7);
  });

  it('ignores garbage in the storage and refuses invalid offsets', async () => {
    const storage = new JsonStorage();
    storage.data.set(
      RESUME_STORAGE_KEY,
      JSON.stringify({ 'file:///a': { offset: -1, savedAt: 1 }, 'file:///b': 'x', 'file:///c': { offset: 1.5, savedAt: 1 } }),
    );
    const store = new ResumePositions(storage);
    assert.equal(store.get('file:///a'), undefined);
    assert.equal(store.get('file:///b'), undefined);
    assert.equal(store.get('file:///c'), undefined);
    await store.save('file:///d', Number.NaN);
    assert.equal(store.get('file:///d'), undefined);
    storage.data.set(RESUME_STORAGE_KEY, JSON.stringify([1, 2]));
    assert.equal(new ResumePositions(storage).get('file:///a'), undefined);
  });

  it(`forgets the least recently saved beyond ${MAX_REMEMBERED_DOCUMENTS} documents`, async () => {
    const storage = new JsonStorage();
    let clock = 0;
    const store = new ResumePositions(storage, () => ++clock);
    for (let i = 0; i <= MAX_REMEMBERED_DOCUMENTS; i++) {
      await store.save(`file:///${i}`, i);
    }
    assert.equal(store.get('file:///0'), undefined, 'the oldest is forgotten');
    assert.equal(store.get('file:///1')?.offset, 1);
    assert.equal(store.get(`file:///${MAX_REMEMBERED_DOCUMENTS}`)?.offset, MAX_REMEMBERED_DOCUMENTS);
  });

  it('moves with edits before the position, not with edits after it', async () => {
    const text = 'First sentence. Second sentence. Third sentence.';
    const position = text.indexOf('Third');
    const storage = new JsonStorage();
    const store = new ResumePositions(storage);
    await store.save('doc', position);
    // Insert "New. " at the start, and change "Second" to "2nd" (one event, offsets before it).
    await store.applyEdits('doc', [
      { offset: 0, removedLength: 0, insertedLength: 'New. '.length },
      { offset: text.indexOf('Second'), removedLength: 'Second'.length, insertedLength: '2nd'.length },
    ]);
    const edited = `New. ${text}`.replace('Second', '2nd');
    assert.equal(edited.slice(store.get('doc')!.offset).startsWith('Third sentence.'), true);
    const before = store.get('doc')!.offset;
    await store.applyEdits('doc', [{ offset: edited.length, removedLength: 0, insertedLength: 10 }]);
    assert.equal(store.get('doc')!.offset, before, 'an edit after it changes nothing');
  });

  it('shiftOffset: an edit over the position lands it where the edit starts; an insertion at it pushes it on', () => {
    assert.equal(shiftOffset(10, [{ offset: 5, removedLength: 10, insertedLength: 2 }]), 5);
    assert.equal(shiftOffset(10, [{ offset: 10, removedLength: 0, insertedLength: 3 }]), 13);
    assert.equal(shiftOffset(10, [{ offset: 10, removedLength: 4, insertedLength: 1 }]), 10);
    assert.equal(shiftOffset(10, [{ offset: 0, removedLength: 10, insertedLength: 0 }]), 0);
    assert.equal(
      shiftOffset(10, [
        { offset: 0, removedLength: 2, insertedLength: 0 },
        { offset: 8, removedLength: 4, insertedLength: 0 },
      ]),
      6,
    );
  });
});
