import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of the architecture, checked from the imports: spec/ is pure and imports
 * nothing outside itself; the engine (src/engine) knows specs only through its own generic
 * interface; src/cli is the one composition root; conformance/ builds on spec/ and the
 * engine; adapters/ never import spec/ (the reference enactor is an implementation, not the
 * spec replayed) nor the engine.
 */
const root = resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  const at = join(root, dir);
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return files(join(dir, name));
    return name.endsWith('.ts') ? [join(dir, name)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g), ...text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)];
  return found.map((m) => m[1]!);
}

/** The layer a path belongs to, or `package` for a bare specifier. */
function layer(path: string): string {
  if (path.startsWith('src/engine/')) return 'engine';
  if (path.startsWith('src/cli/')) return 'cli';
  return path.split('/')[0]!;
}

const allowed: Record<string, { layers: readonly string[]; packages: boolean }> = {
  spec: { layers: ['spec'], packages: false },
  engine: { layers: ['engine'], packages: true },
  cli: { layers: ['spec', 'engine', 'cli', 'conformance', 'adapters'], packages: true },
  conformance: { layers: ['spec', 'engine', 'conformance'], packages: true },
  adapters: { layers: ['conformance', 'adapters'], packages: true },
};

describe('architecture', () => {
  const checked = Object.keys(allowed).flatMap((l) => (l === 'engine' ? files('src/engine') : l === 'cli' ? files('src/cli') : files(l)));

  it('finds the layers', () => {
    expect(checked.filter((f) => f.startsWith('spec/')).length).toBeGreaterThan(3);
    expect(checked.filter((f) => f.startsWith('src/engine/')).length).toBeGreaterThan(3);
  });

  it('imports point inward only', () => {
    const broken: string[] = [];
    for (const file of checked) {
      const from = layer(file);
      const rule = allowed[from]!;
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) {
          if (!rule.packages && !spec.startsWith('node:')) broken.push(`${file} imports the package '${spec}' (${from}/ imports nothing outside itself)`);
          if (from === 'spec' && spec.startsWith('node:')) broken.push(`${file} imports '${spec}' (spec/ is pure: no IO)`);
          continue;
        }
        const target = relative(root, resolve(join(root, dirname(file)), spec));
        const to = layer(target);
        if (!rule.layers.includes(to)) broken.push(`${file} imports ${target} (${from} may import only ${rule.layers.join(', ')})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('nothing but bin/ reaches the composition root', () => {
    const outside = ['spec', 'conformance', 'adapters'].flatMap(files).concat(files('src/engine'));
    const offenders = outside.filter((f) => imports(f).some((s) => s.startsWith('.') && relative(root, resolve(join(root, dirname(f)), s)).startsWith('src/cli/')));
    expect(offenders).toEqual([]);
  });
});
