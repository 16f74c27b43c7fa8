/**
 * Runtime validation of every protocol message against its JSON Schema, with validators
 * compiled once, on first use. A failure is one readable sentence naming where and what.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type * as T from './types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const BASE = 'https://dnsplan.dev/protocol/v1/';

/** Message name → schema file, for the messages the harness and the server validate. */
export const SCHEMAS = {
  ResetRequest: 'reset-request.schema.json',
  ResetReply: 'reset-reply.schema.json',
  PlanRequest: 'plan-request.schema.json',
  PlanReply: 'plan-reply.schema.json',
  StepRequest: 'step-request.schema.json',
  StepReply: 'step-reply.schema.json',
  CollectRequest: 'collect-request.schema.json',
  CollectReply: 'collect-reply.schema.json',
  CrashRequest: 'crash-request.schema.json',
  CrashReply: 'crash-reply.schema.json',
  ObserveRequest: 'observe-request.schema.json',
  ObserveReply: 'observe-reply.schema.json',
  ErrorReply: 'error-reply.schema.json',
  Observation: 'observation.schema.json',
  Plan: 'plan.schema.json',
  Command: 'command.schema.json',
  HistoryHeader: 'history-header.schema.json',
  HistoryStep: 'history-step.schema.json',
  HistoryError: 'history-error.schema.json',
  HistoryFooter: 'history-footer.schema.json',
} as const;

export interface Messages {
  ResetRequest: T.ResetRequest;
  ResetReply: T.ResetReply;
  PlanRequest: T.PlanRequest;
  PlanReply: T.PlanReply;
  StepRequest: T.StepRequest;
  StepReply: T.StepReply;
  CollectRequest: T.CollectRequest;
  CollectReply: T.CollectReply;
  CrashRequest: T.CrashRequest;
  CrashReply: T.CrashReply;
  ObserveRequest: T.ObserveRequest;
  ObserveReply: T.ObserveReply;
  ErrorReply: T.ErrorReply;
  Observation: T.Observation;
  Plan: T.Plan;
  Command: T.Command;
  HistoryHeader: T.HistoryHeader;
  HistoryStep: T.HistoryStep;
  HistoryError: T.HistoryError;
  HistoryFooter: T.HistoryFooter;
}
export type MessageName = keyof typeof SCHEMAS;

let ajv: Ajv2020 | undefined;
const compiled = new Map<MessageName, ValidateFunction>();

function validator(name: MessageName): ValidateFunction {
  let v = compiled.get(name);
  if (v) return v;
  if (ajv === undefined) {
    ajv = addFormats(new Ajv2020({ allErrors: false, discriminator: true, strict: true, strictRequired: false }));
    const dir = import.meta.dirname;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.schema.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
    }
  }
  v = ajv.getSchema(BASE + SCHEMAS[name]);
  if (v === undefined) throw new Error(`no schema ${SCHEMAS[name]}`);
  compiled.set(name, v);
  return v;
}

/** Whether `value` is a valid message of this kind. */
export function isValid<N extends MessageName>(name: N, value: unknown): value is Messages[N] {
  return validator(name)(value);
}

/** Why `value` is not a valid message of this kind, in one sentence, or `undefined` if it is. */
export function firstError(name: MessageName, value: unknown): string | undefined {
  const v = validator(name);
  if (v(value)) return undefined;
  return describe(v.errors?.[0]);
}

function describe(e: ErrorObject | undefined | null): string {
  if (!e) return 'it does not match the schema';
  const at = e.instancePath === '' ? '' : `${e.instancePath} `;
  switch (e.keyword) {
    case 'required':
      return `${at}missing required property "${String(e.params['missingProperty'])}"`.trim();
    case 'additionalProperties':
      return `${at}has the unknown property "${String(e.params['additionalProperty'])}"`.trim();
    case 'enum':
      return `${at}must be one of ${(e.params['allowedValues'] as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const':
      return `${at}must be ${JSON.stringify(e.params['allowedValue'])}`;
    case 'discriminator':
      return `${at.trim() || 'the message'} has no known "kind"${e.params['tagValue'] === undefined ? '' : `: ${JSON.stringify(e.params['tagValue'])}`}`;
    default:
      return `${at}${e.message ?? 'does not match the schema'}`;
  }
}
