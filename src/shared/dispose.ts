// Helpers for things that must be cleaned up (event subscriptions, status bar items, decorations, child
// objects). A class collects what it owns with `_register` instead of keeping its own array, and one
// `dispose()` releases all of it, once, newest first. Pure: no vscode import, so pure modules can use it
// too; `vscode.Disposable` and everything VS Code returns fit `IDisposable`.

/** Anything with a `dispose()`: VS Code's disposables, ours, an object holding a process. */
export interface IDisposable {
  dispose(): unknown;
}

/** Wraps a clean-up function; it runs once, however often `dispose` is called. */
export function toDisposable(cleanUp: () => unknown): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (!done) {
        done = true;
        cleanUp();
      }
    },
  };
}

/**
 * Disposes every item, newest first. Every item is disposed even if one throws; the first error is
 * thrown afterwards, so a failing clean-up neither hides nor blocks the others.
 */
export function disposeAll(items: Iterable<IDisposable>): void {
  let firstError: unknown;
  let failed = false;
  for (const item of [...items].reverse()) {
    try {
      item.dispose();
    } catch (error) {
      if (!failed) {
        failed = true;
        firstError = error;
      }
    }
  }
  if (failed) {
    throw firstError;
  }
}

/** Several disposables as one, disposed together (newest first). */
export function combinedDisposable(...items: IDisposable[]): IDisposable {
  return toDisposable(() => disposeAll(items));
}

/**
 * A base class that owns disposables: `this._register(x)` keeps `x` until the object is disposed.
 * Something registered after the object was disposed is disposed at once, so nothing outlives it.
 */
export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  /** Whether `dispose` has been called. */
  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Owns `item` from now on, and returns it (so a field can be declared and registered in one line). */
  protected _register<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.owned.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }
}

/**
 * Holds at most one disposable value: setting a new one disposes the one it replaces (unless it is the
 * same), and disposing the holder disposes its value. A value set after that is disposed at once.
 */
export class DisposableValue<T extends IDisposable> implements IDisposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (next === this.current) {
      return;
    }
    const previous = this.current;
    this.current = this.disposed ? undefined : next;
    if (this.disposed) {
      next?.dispose();
    }
    previous?.dispose();
  }

  /** Disposes the value and empties the holder, which stays usable. */
  clear(): void {
    this.value = undefined;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.clear();
    this.disposed = true;
  }
}
