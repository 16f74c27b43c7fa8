import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { Io } from './command.js';

/**
 * A long run's progress, on stderr: on a terminal, one line redrawn in place; elsewhere (CI
 * logs, pipes), a plain line every few seconds. `--quiet` silences both.
 *
 * The terminal line never hides the cursor nor turns line wrap off (it is cut to the
 * terminal's width instead): a Ctrl-C can arrive while the checker runs synchronously and
 * no handler can run, so the only terminal that is always restored is one never changed.
 */
export interface Progress {
  /** The current figures, e.g. `1,204 distinct  3,310 generated  depth 7`. */
  update(text: string): void;
  /** Clears the terminal line; call before printing the report. */
  stop(): void;
}

export interface ProgressOptions {
  /** What is running, e.g. `checking`; the plain lines are prefixed `dnsplan <command>:`. */
  readonly label: string;
  readonly command: string;
  readonly quiet?: boolean;
  /** How often a plain line is written when stderr is not a terminal (default 5 s). */
  readonly everyMs?: number;
  /** The terminal (default process.stderr, used only when `io.interactive`). */
  readonly terminal?: NodeJS.WriteStream;
  readonly now?: () => number;
}

export const PLAIN_EVERY_MS = 5000;

export function startProgress(io: Io, o: ProgressOptions): Progress {
  if (o.quiet) return { update: () => undefined, stop: () => undefined };
  return io.interactive ? terminalLine(o) : plainLines(io, o);
}

function terminalLine(o: ProgressOptions): Progress {
  // Loaded only for a terminal: it and the modules it loads take about 16 ms to load, a tenth
  // of what the CLI takes to start.
  const { SingleBar } = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
  const bar = new SingleBar({
    format: `${o.label}  {text}`,
    stream: o.terminal ?? process.stderr,
    hideCursor: false,
    linewrap: true,
    clearOnComplete: true,
    gracefulExit: false,
  });
  let started = false;
  return {
    update(text) {
      // the first frame is drawn with its figures: never the raw template
      if (!started) bar.start(0, 0, { text });
      else bar.update(0, { text });
      started = true;
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function plainLines(io: Io, o: ProgressOptions): Progress {
  const now = o.now ?? (() => performance.now());
  const every = o.everyMs ?? PLAIN_EVERY_MS;
  let last = now();
  return {
    update(text) {
      const t = now();
      if (t - last < every) return;
      last = t;
      io.err(`dnsplan ${o.command}: ${o.label} ${text}`);
    },
    stop: () => undefined,
  };
}
