/**
 * Runtime validation of every protocol message against its JSON Schema. The schemas are
 * loaded and each validator compiled once, on first use; a failure is one readable sentence
 * naming where and what.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describeError } from './describe.js';
import { SCHEMAS, SCHEMA_BASE, type MessageName, type Messages } from './schemas.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;
const compiled = new Map<MessageName, ValidateFunction>();

function loaded(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  const fresh = addFormats(new Ajv2020({ allErrors: false, discriminator: true, strict: true, strictRequired: false, verbose: true }));
  const dir = import.meta.dirname;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.schema.json')).sort()) {
    fresh.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
  }
  ajv = fresh;
  return fresh;
}

function validator(name: MessageName): ValidateFunction {
  let v = compiled.get(name);
  if (v !== undefined) return v;
  v = loaded().getSchema(SCHEMA_BASE + SCHEMAS[name]);
  if (v === undefined) throw new Error(`no schema ${SCHEMAS[name]} in conformance/protocol`);
  compiled.set(name, v);
  return v;
}

/** Whether `value` is a valid message of this kind. */
export function isValid<N extends MessageName>(name: N, value: unknown): value is Messages[N] {
  return validator(name)(value);
}

/** A type guard per message, e.g. `guards.StepReply(json)`; each compiles its schema on first use. */
export const guards = Object.fromEntries(
  (Object.keys(SCHEMAS) as MessageName[]).map((name) => [name, (value: unknown) => isValid(name, value)]),
) as { readonly [N in MessageName]: (value: unknown) => value is Messages[N] };

/** Why `value` is not a valid message of this kind, in one sentence, or `undefined` if it is. */
export function firstError(name: MessageName, value: unknown): string | undefined {
  const v = validator(name);
  if (v(value)) return undefined;
  return describeError(v.errors?.[0], (ref) => loaded().getSchema(SCHEMA_BASE + ref)?.schema);
}
