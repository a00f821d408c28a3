// Where the user stopped reading each document, kept in the workspace's state so Continue Reading can
// start there after a reload. Pure: the storage is anything Memento-like (VS Code's workspaceState).

import type { TextEdit } from './offsetTracker';

/** The part of `vscode.Memento` the store needs. */
export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface ResumePosition {
  /** Document offset of the sentence to continue from. */
  readonly offset: number;
  /** `Date.now()` when it was saved: the oldest are forgotten first. */
  readonly savedAt: number;
}

export const RESUME_STORAGE_KEY = 'readAloud.resumePositions';
/** Documents remembered at most; beyond this the least recently saved is forgotten. */
export const MAX_REMEMBERED_DOCUMENTS = 200;

type Stored = Record<string, ResumePosition>;

export class ResumePositions {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /** The position saved for `documentKey` (a document URI), if any. */
  get(documentKey: string): ResumePosition | undefined {
    const position = this.read()[documentKey];
    return isPosition(position) ? position : undefined;
  }

  save(documentKey: string, offset: number): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      return Promise.resolve();
    }
    const all = { ...this.read(), [documentKey]: { offset, savedAt: this.now() } };
    return this.write(forgetOldest(all, MAX_REMEMBERED_DOCUMENTS));
  }

  forget(documentKey: string): Promise<void> {
    const all = this.read();
    if (!(documentKey in all)) {
      return Promise.resolve();
    }
    const { [documentKey]: _removed, ...rest } = all;
    return this.write(rest);
  }

  /** Moves the saved position of `documentKey` with edits made to that document (one change event). */
  applyEdits(documentKey: string, edits: readonly TextEdit[]): Promise<void> {
    const position = this.get(documentKey);
    if (!position || edits.length === 0) {
      return Promise.resolve();
    }
    const offset = shiftOffset(position.offset, edits);
    if (offset === position.offset) {
      return Promise.resolve();
    }
    return this.write({ ...this.read(), [documentKey]: { ...position, offset } });
  }

  private read(): Stored {
    const value = this.storage.get<unknown>(RESUME_STORAGE_KEY);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Stored) : {};
  }

  private async write(value: Stored): Promise<void> {
    await this.storage.update(RESUME_STORAGE_KEY, value);
  }
}

/**
 * Where `offset` is after the edits of one change event (all relative to the text before it). Text
 * inserted or removed before it (an insertion right at it counts as before) moves it; if an edit replaced
 * the text at the position, the position goes to where that edit starts (the nearest place that still exists).
 */
export function shiftOffset(offset: number, edits: readonly TextEdit[]): number {
  let shifted = offset;
  for (const edit of edits) {
    const editEnd = edit.offset + edit.removedLength;
    if (editEnd <= offset) {
      shifted += edit.insertedLength - edit.removedLength;
    } else if (edit.offset < offset) {
      // The edit covers the position: land where the edit starts, plus the shifts of earlier edits.
      shifted += edit.offset - offset;
    }
  }
  return Math.max(0, shifted);
}

function isPosition(value: unknown): value is ResumePosition {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { offset, savedAt } = value as Record<string, unknown>;
  return Number.isSafeInteger(offset) && (offset as number) >= 0 && typeof savedAt === 'number' && Number.isFinite(savedAt);
}

function forgetOldest(all: Stored, max: number): Stored {
  const keys = Object.keys(all);
  if (keys.length <= max) {
    return all;
  }
  const kept = keys.sort((a, b) => (all[b]?.savedAt ?? 0) - (all[a]?.savedAt ?? 0)).slice(0, max);
  return Object.fromEntries(kept.map((key) => [key, all[key] as ResumePosition]));
}
