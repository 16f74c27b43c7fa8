/**
 * The constants of the DNS plan model (docs: shared model, "Constants").
 *
 * Identities are small integers: enactor `e` is 0..enactors-1 and endpoint `p` is
 * 0..endpoints-1; readable names exist only in formatters. Plan generations are 1..maxPlan
 * and 0 means "none" (an idle enactor holds nothing).
 */
export type WriteMode = 'blind' | 'cas';
export type GcMode = 'age' | 'owned';

export interface Constants {
  /** How many redundant enactors run (one per availability zone in the incident). */
  readonly enactors: number;
  /** How many endpoints (DNS names) each plan covers. */
  readonly endpoints: number;
  /** The Planner stops after producing plan `maxPlan`. */
  readonly maxPlan: number;
  /** Retention: plans older than `latest - keep` (or `held - keep`) are eligible for deletion. */
  readonly keep: number;
  /** Whether the periodic garbage collector (`Collect`) runs. */
  readonly collector: boolean;
  /** Whether enactors may crash and restart (`Crash`). */
  readonly crashes: boolean;
  /** `blind` (2025 behaviour) or `cas` (fixed): how `Write` treats a newer record. */
  readonly write: WriteMode;
  /** `age` (2025 behaviour) or `owned` (fixed): whether clean-up spares plans still in use. */
  readonly gc: GcMode;
}

/** The four protocol variants of the model, by name. */
export const VARIANTS = {
  'aws-2025': { write: 'blind', gc: 'age' },
  'cas-only': { write: 'cas', gc: 'age' },
  'ownership-only': { write: 'blind', gc: 'owned' },
  fixed: { write: 'cas', gc: 'owned' },
} as const satisfies Record<string, { write: WriteMode; gc: GcMode }>;

export type VariantName = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(VARIANTS, name);
}

/** The shape constants, without the variant's two switches. */
export type Shape = Omit<Constants, 'write' | 'gc'>;

/** The model's defaults: enactors a, b, c; one endpoint `regional`; MaxPlan 4; Keep 2. */
export const DEFAULT_SHAPE: Shape = {
  enactors: 3,
  endpoints: 1,
  maxPlan: 4,
  keep: 2,
  collector: true,
  crashes: false,
};

/**
 * The allowed range of each numeric constant. The bounds come from the state encoding:
 * plans are a bitset of generations 1..maxPlan in one 32-bit word, and an enactor's pending
 * endpoints are a bitset too; a generation takes 4 bits, so 15 is the largest plan.
 */
export const LIMITS = {
  enactors: { min: 1, max: 8 },
  endpoints: { min: 1, max: 8 },
  maxPlan: { min: 1, max: 15 },
  keep: { min: 1, max: 16 },
} as const satisfies Record<string, { min: number; max: number }>;

export function constantsOf(variant: VariantName, shape: Partial<Shape> = {}): Constants {
  return { ...DEFAULT_SHAPE, ...shape, ...VARIANTS[variant] };
}

/** The variant a constants value is, when its switches match one. */
export function variantOf(c: Pick<Constants, 'write' | 'gc'>): VariantName {
  const found = VARIANT_NAMES.find((v) => VARIANTS[v].write === c.write && VARIANTS[v].gc === c.gc);
  if (found === undefined) throw new Error(`no variant has write=${c.write} gc=${c.gc}`);
  return found;
}

const ENACTOR_NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
const ENDPOINT_NAMES = ['regional', 'fips', 'ipv6', 'fips-ipv6', 'ep5', 'ep6', 'ep7', 'ep8'] as const;

/** Readable name of enactor `e` (`a`, `b`, ...), for formatters and protocol messages. */
export function enactorName(e: number): string {
  return ENACTOR_NAMES[e] ?? `e${e}`;
}

/** Readable name of endpoint `p` (`regional`, `fips`, ...), for formatters and protocol messages. */
export function endpointName(p: number): string {
  return ENDPOINT_NAMES[p] ?? `ep${p + 1}`;
}

export function enactorNames(c: Pick<Constants, 'enactors'>): string[] {
  return Array.from({ length: c.enactors }, (_, e) => enactorName(e));
}

export function endpointNames(c: Pick<Constants, 'endpoints'>): string[] {
  return Array.from({ length: c.endpoints }, (_, p) => endpointName(p));
}
