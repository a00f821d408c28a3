// Runs one speech engine process: arguments as an array (never a shell), the text on stdin (never on the
// command line, where other users could read it), killed at once when the reading is aborted, and always
// reaped before the caller moves on, so no process outlives its reading.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as l10n from '../../shared/l10n';
import { SpeechError } from '../../speech/speechError';

export interface SpeechCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** Extra environment variables: how values reach a fixed script (SAPI) without being spliced into it. */
  readonly env?: Readonly<Record<string, string>>;
  /** The audio is in this file once the process has exited (macOS `say` cannot write WAV to a pipe). */
  readonly outputFile?: string;
}

export interface ProcessReport {
  /** Standard error, up to a limit (SAPI writes its word positions there). */
  stderr: string;
}

/** Said when the program is not installed: which program, and how to get it. */
export type MissingProgramMessage = string;

const MAX_STDERR_CHARS = 1_000_000;

const live = new Set<ChildProcess>();

/** Process ids of every speech process still running (for tests: none may outlive its reading). */
export function runningSpeechProcessIds(): number[] {
  return [...live].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}

/**
 * Starts `command` with `text` on its stdin and yields its stdout as it arrives, then the output file's
 * bytes if it writes one. Returns quietly once `signal` aborts; throws a SpeechError of kind 'engine' when
 * the program is missing (`missing` says what to install) or exits with an error.
 */
export async function* runSpeechProcess(
  command: SpeechCommand,
  text: string,
  signal: AbortSignal,
  missing: MissingProgramMessage,
  report?: ProcessReport,
): AsyncGenerator<Uint8Array> {
  if (signal.aborted) {
    return;
  }
  const child = spawn(command.program, [...command.args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
    env: command.env ? { ...process.env, ...command.env } : process.env,
  });
  live.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, exitSignal) => resolve({ code, signal: exitSignal }));
  });
  exited.catch(() => undefined); // observed below; never an unhandled rejection
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  };
  signal.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (data: string) => {
    if (stderr.length < MAX_STDERR_CHARS) {
      stderr += data;
    }
  });
  child.stdin?.on('error', () => undefined); // EPIPE when the process died first: its exit says why
  child.stdin?.end(text, 'utf8');
  try {
    if (child.stdout) {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        if (signal.aborted) {
          return;
        }
        yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    try {
      exit = await exited;
    } catch (error) {
      throw startError(command.program, missing, error);
    }
    if (signal.aborted) {
      return;
    }
    if (exit.code !== 0) {
      throw new SpeechError('engine', exitMessage(command.program, exit, firstLine(stderr)));
    }
    if (command.outputFile !== undefined) {
      yield new Uint8Array(await readFile(command.outputFile));
    }
    if (report) {
      report.stderr = stderr;
    }
  } finally {
    signal.removeEventListener('abort', kill);
    kill();
    await exited.catch(() => undefined); // reaped before anyone moves on: no orphan, no zombie
    live.delete(child);
  }
}

function startError(program: string, missing: MissingProgramMessage, error: unknown): SpeechError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new SpeechError('engine', missing, { cause: error });
  }
  const message = code
    ? l10n.t('The system voice ({0}) could not be started ({1}).', program, code)
    : l10n.t('The system voice ({0}) could not be started.', program);
  return new SpeechError('engine', message, { cause: error });
}

/** Why the engine failed, a whole sentence for each case: exit code or signal, with its complaint or without. */
function exitMessage(program: string, exit: { code: number | null; signal: NodeJS.Signals | null }, detail: string): string {
  if (exit.code !== null) {
    return detail
      ? l10n.t('The system voice ({0}) failed (exit code {1}): {2}', program, exit.code, detail)
      : l10n.t('The system voice ({0}) failed (exit code {1}).', program, exit.code);
  }
  const signal = exit.signal ?? '?';
  return detail
    ? l10n.t('The system voice ({0}) was stopped by signal {1}: {2}', program, signal, detail)
    : l10n.t('The system voice ({0}) was stopped by signal {1}.', program, signal);
}

/** The first line of an engine's complaint, short: enough to act on, never a flood. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim().length > 0 && !l.startsWith('word ')) ?? '';
  return line.trim().slice(0, 200);
}
