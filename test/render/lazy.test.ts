import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../src');
const HEAVY = ['badge-maker', 'junit-report-builder', 'playwright-core'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

describe('heavy report libraries', () => {
  it('are imported only where their flag is handled, and only dynamically', () => {
    const found: string[] = [];
    for (const f of files(src)) {
      const text = readFileSync(f, 'utf8');
      for (const lib of HEAVY) {
        if (new RegExp(`^import (?!type )[^;]*from '${lib}'`, 'm').test(text)) found.push(`${f}: static import of ${lib}`);
        if (text.includes(`import('${lib}')`)) found.push(`dynamic ${lib}`);
      }
    }
    expect(found.filter((x) => x.includes('static'))).toEqual([]);
    expect(found.sort()).toEqual(['dynamic badge-maker', 'dynamic junit-report-builder']);
  });
});
