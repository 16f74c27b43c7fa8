import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS, SCHEMA_BASE } from '../../conformance/protocol/index.js';

const DIR = join(import.meta.dirname, '../../conformance/protocol');
const files = readdirSync(DIR).filter((f) => f.endsWith('.schema.json')).sort();
const schema = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown>;

/** Every place in a schema where a value is described: properties, array items, map values. */
function undescribed(node: unknown, at: string, out: string[]): string[] {
  if (node === null || typeof node !== 'object') return out;
  const o = node as Record<string, any>;
  const check = (child: Record<string, unknown>, where: string) => {
    if (typeof child['description'] !== 'string' && typeof child['$ref'] !== 'string') out.push(where);
    undescribed(child, where, out);
  };
  for (const [k, v] of Object.entries((o['properties'] ?? {}) as Record<string, Record<string, unknown>>)) check(v, `${at}/${k}`);
  if (o['items'] && typeof o['items'] === 'object') check(o['items'], `${at}[]`);
  if (o['additionalProperties'] && typeof o['additionalProperties'] === 'object') check(o['additionalProperties'], `${at}{}`);
  for (const alt of (o['oneOf'] ?? []) as unknown[]) undescribed(alt, at, out);
  return out;
}

describe('the protocol schemas', () => {
  it.each(files)('%s is draft 2020-12 with a versioned $id, a title and a description', (f) => {
    const s = schema(f);
    expect(s['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s['$id']).toBe(`${SCHEMA_BASE}${f}`);
    expect(s['$id']).toMatch(/\/protocol\/v1\//);
    expect(typeof s['title']).toBe('string');
    expect(typeof s['description']).toBe('string');
  });

  it.each(files)('%s describes every field', (f) => {
    expect(undescribed(schema(f), '', [])).toEqual([]);
  });

  it('names every message after its schema title', () => {
    for (const [name, file] of Object.entries(SCHEMAS)) expect(schema(file)['title'], file).toBe(name);
  });

  it('closes events and observations to unknown properties', () => {
    const closed = files.filter((f) => f.endsWith('-event.schema.json') || f === 'observation.schema.json');
    expect(closed.length).toBe(8);
    for (const f of closed) expect(schema(f)['additionalProperties'], f).toBe(false);
  });
});
