import {
  DEFAULT_SHAPE,
  LIMITS,
  VARIANT_NAMES,
  constantsOf,
  endpointNames,
  enactorNames,
  makeSpec,
  type Constants,
  type Shape,
  type VariantName,
} from '../../spec/index.js';
import { propertyNames, withProperties, type Spec } from '../engine/index.js';
import { integerFlag, oneOf, type Flag } from './flags.js';
import { UsageError } from './usage-error.js';

/** The flags that set the model's constants, shared by every command that needs them. */
export const SHAPE_FLAGS: readonly Flag[] = [
  { name: '--enactors', value: 'N', description: `enactors (${range('enactors')})`, default: String(DEFAULT_SHAPE.enactors) },
  { name: '--endpoints', value: 'N', description: `endpoints (${range('endpoints')})`, default: String(DEFAULT_SHAPE.endpoints) },
  { name: '--max-plan', value: 'N', description: `the Planner stops after plan N (${range('maxPlan')})`, default: String(DEFAULT_SHAPE.maxPlan) },
  { name: '--keep', value: 'N', description: `retention: generations that count as recent (${range('keep')})`, default: String(DEFAULT_SHAPE.keep) },
  { name: '--no-collector', description: 'do not run the periodic garbage collector (Collect)' },
  { name: '--crashes', description: 'let enactors crash and restart (Crash)' },
];

export const VARIANT_FLAG: Flag = {
  name: '--variant',
  value: 'V',
  description: `protocol variant: ${VARIANT_NAMES.join(', ')}`,
};

export const PROPERTY_FLAG: Flag = {
  name: '--invariant',
  value: 'NAME',
  description: 'check only this property (repeatable): RecordNeverEmpty, NoActivePlanDeleted, NoStaleOverwrite, Converges (under weak fairness of Plan, Pick, Write and Clean, with finitely many crashes: a cycle of endless crashes is not a counterexample)',
  default: 'all',
  repeatable: true,
};

function range(key: keyof typeof LIMITS): string {
  return `${LIMITS[key].min} to ${LIMITS[key].max}`;
}

/** The constants shape from parsed options, each value checked against its range. */
export function shapeFrom(command: string, o: Record<string, unknown>): Shape {
  const int = (flag: string, key: keyof typeof LIMITS, fallback: number): number =>
    o[key] === undefined ? fallback : integerFlag(command, flag, o[key], LIMITS[key].min, LIMITS[key].max);
  return {
    enactors: int('--enactors', 'enactors', DEFAULT_SHAPE.enactors),
    endpoints: int('--endpoints', 'endpoints', DEFAULT_SHAPE.endpoints),
    maxPlan: int('--max-plan', 'maxPlan', DEFAULT_SHAPE.maxPlan),
    keep: int('--keep', 'keep', DEFAULT_SHAPE.keep),
    collector: o['collector'] !== false,
    crashes: o['crashes'] === true,
  };
}

export function variantFrom(command: string, raw: unknown): VariantName {
  if (raw === undefined) throw new UsageError(`dnsplan ${command}: --variant is required; known: ${VARIANT_NAMES.join(', ')}`);
  return oneOf(command, 'variant', raw, VARIANT_NAMES);
}

/** The spec for the options, restricted to the properties named with --invariant. */
export function specFrom(command: string, o: Record<string, unknown>): { spec: Spec<unknown>; constants: Constants; variant: VariantName } {
  const variant = variantFrom(command, o['variant']);
  const constants = constantsOf(variant, shapeFrom(command, o));
  const full = makeSpec(constants) as unknown as Spec<unknown>;
  const known = propertyNames(full);
  const names = ((o['invariant'] as string[] | undefined) ?? []).map((n) => oneOf(command, 'property', n, known));
  return { spec: withProperties(full, names), constants, variant };
}

/** The constants as readable text and as JSON, with the names of enactors and endpoints. */
export function describeConstants(c: Constants): Record<string, unknown> {
  return {
    enactors: enactorNames(c),
    endpoints: endpointNames(c),
    maxPlan: c.maxPlan,
    keep: c.keep,
    collector: c.collector,
    crashes: c.crashes,
    write: c.write,
    gc: c.gc,
  };
}
