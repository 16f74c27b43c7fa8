import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * dnsplan's version, from its package.json: found by walking up from this file, which sits
 * at a different depth in the sources (run through tsx) and in the compiled build (dist/).
 */
export function version(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dnsplan' && typeof pkg.version === 'string') return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
