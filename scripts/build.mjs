#!/usr/bin/env node
/**
 * Builds the compiled dnsplan into dist/: TypeScript emitted by tsc (no type check here;
 * `npm run typecheck` does that), the data files the code reads at run time (JSON Schemas)
 * copied beside it, and files whose source is gone removed, so dist/ never runs stale code.
 * Run by `npm ci` (prepare), `npm run build` and before every vitest run.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist');
/** The source folders compiled into dist/ (tsconfig.build.json's `include`). */
const ROOTS = ['spec', 'src', 'conformance', 'adapters'];
/** Files read at run time rather than imported: copied as they are. */
const isData = (name) => name.endsWith('.json');

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

for (const top of ROOTS) {
  for (const file of walk(join(root, top)).filter((f) => isData(f))) {
    const to = join(out, relative(root, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
  }
}

/** The source a dist/ file was built or copied from. */
function sourceOf(built) {
  const rel = relative(out, built);
  if (isData(rel)) return join(root, rel);
  return join(root, rel.replace(/\.js(\.map)?$/, '.ts'));
}
for (const file of walk(out)) if (!existsSync(sourceOf(file))) rmSync(file);
