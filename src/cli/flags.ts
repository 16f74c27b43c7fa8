import { UsageError } from './usage-error.js';

/**
 * One command-line flag: the table of these feeds the argument parser, `--help` and
 * docs/cli.md, so the three cannot disagree.
 */
export interface Flag {
  /** The flag as typed, e.g. `--keep` or `--no-collector`. */
  readonly name: string;
  /** Placeholder of its value, e.g. `N`; absent for a switch. */
  readonly value?: string;
  readonly description: string;
  /** The default, as shown in help. */
  readonly default?: string;
  /** May be given more than once; values are collected in order. */
  readonly repeatable?: boolean;
}

/** The key commander stores a flag under: `--max-plan` → `maxPlan`, `--no-collector` → `collector`. */
export function flagKey(flag: Flag): string {
  const bare = flag.name.replace(/^--(no-)?/, '');
  return bare.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

/** Parses an integer flag in [min, max], or fails naming the flag and the range. */
export function integerFlag(command: string, name: string, raw: unknown, min: number, max: number): number {
  const text = String(raw);
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`dnsplan ${command}: ${name} must be an integer from ${min} to ${max}, got ${text}`);
  }
  return n;
}

/** Parses a name that must be one of `known`, or fails listing them. */
export function oneOf<T extends string>(command: string, what: string, raw: unknown, known: readonly T[]): T {
  const text = String(raw);
  if ((known as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`dnsplan ${command}: unknown ${what} '${text}'; known: ${known.join(', ')}`);
}

/** Parses a decimal flag in [min, max], or fails naming the flag and the range. */
export function numberFlag(command: string, name: string, raw: unknown, min: number, max: number): number {
  const text = String(raw);
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`dnsplan ${command}: ${name} must be a number from ${min} to ${max}, got ${text}`);
  }
  return n;
}
