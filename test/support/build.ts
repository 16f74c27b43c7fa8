import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest's global set-up: rebuilds the compiled dnsplan (dist/) before every run, so a test
 * that spawns bin/dnsplan.js never runs code older than the sources it sits beside.
 */
export default function build(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
}
