import type { Spec } from './spec.js';

/**
 * A spec named by where it lives rather than held as an object: a module (a URL, or a path
 * the runtime resolves) whose export builds the spec from plain constants. Constants are
 * data, so a reference can cross into a worker thread or a child process, and each side
 * builds the same spec.
 */
export interface SpecRef {
  /** The module's URL (`file:` for a path on disk). */
  readonly module: string;
  /** The export that builds the spec from `constants`; `makeSpec` by default. */
  readonly export?: string;
  /** Structured-clonable constants passed to that export. */
  readonly constants: unknown;
}

/** Loads the module a reference names (with `load`, the runtime's `import` by default) and builds its spec. */
export async function loadSpec(ref: SpecRef, load: (module: string) => Promise<unknown> = (m) => import(m)): Promise<Spec<unknown>> {
  const name = ref.export ?? 'makeSpec';
  const mod = (await load(ref.module)) as Record<string, unknown>;
  const make = mod[name];
  if (typeof make !== 'function') throw new Error(`${ref.module} exports no function ${name}`);
  return (make as (c: unknown) => Spec<unknown>)(ref.constants);
}
