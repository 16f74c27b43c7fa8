import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The system Chromium (Debian's `chromium`) the HTML report is tested in; never a browser
 * that a package downloads. `CHROMIUM_BIN` names another. Missing: the browser tests fail
 * in CI and are skipped loudly elsewhere.
 */
export function chromiumPath(): string | undefined {
  const given = process.env['CHROMIUM_BIN'];
  if (given) return existsSync(given) ? given : undefined;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return undefined;
}

/** The flags a headless Chromium needs here (as root it must run without its sandbox). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/** Where tests leave artefacts for people to look at (screenshots, reports); git-ignored. */
export const ARTIFACTS = join(import.meta.dirname, '../../artifacts');
