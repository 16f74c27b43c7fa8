/**
 * A real, throwaway BIND9 named for integration tests: the same launcher `--rfc2136 auto` uses
 * (adapters/rfc2136/named.ts), one zone on a random 127.0.0.1 port with a temporary directory
 * and a generated TSIG key; `stop` kills it and removes the directory.
 *
 * When named is missing, tests skip with a loud message, except in CI (`CI` set), where a
 * missing named fails the test run (`.ci/install-system.sh` installs Debian bind9).
 */
import { findNamed, startNamed, type NamedServer } from '../../adapters/rfc2136/named.js';

export type { NamedServer };

/**
 * Whether named tests can run. Without the binary: throws in CI (the tests must not silently
 * pass), else prints a loud warning and returns false so the caller skips.
 */
export function namedAvailable(): boolean {
  if (findNamed() !== undefined) return true;
  const message = 'named binary not found (install Debian bind9: run .ci/install-system.sh, or set NAMED_BIN)';
  if (process.env.CI) throw new Error(`${message}; CI requires the BIND9 integration tests`);
  console.warn(`\n!!! SKIPPING BIND9 integration tests: ${message} !!!\n`);
  return false;
}

/** Starts named serving `zone` (default `dnsplan.test.`). */
export function startTestNamed(zone = 'dnsplan.test.'): Promise<NamedServer> {
  return startNamed({ zone });
}
