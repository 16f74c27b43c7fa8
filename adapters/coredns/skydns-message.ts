/**
 * The SkyDNS message stored as an etcd value, decoded the way the etcd plugin decodes it
 * (plugin/etcd/msg/service.go, `Service`, read with Go's `encoding/json` in plugin/etcd/etcd.go,
 * `loopNodes`).
 *
 * Rules followed: the value must be a JSON object or `null`; member names match the fields
 * `host port priority weight text mail ttl targetstrip group` exactly or case-insensitively
 * (Go's folding, under which `ſ`, `ı`, `İ` and the Kelvin sign also match `s`, `i`, `i`, `k`); unknown members are
 * ignored; a later duplicate member wins; a `null` member leaves the field empty; a member of
 * the wrong JSON type, a non-integer or out-of-range number for an integer field (`ttl` is an
 * unsigned 32-bit integer) fails the whole value. In CoreDNS one failing value under a queried
 * name fails the whole query (SERVFAIL).
 */
import { match } from 'ts-pattern';

/** The fields of a message that matter to an A answer. */
export interface SkydnsMessage {
  readonly host: string;
  readonly text: string;
  /** 0 when absent; the plugin then answers with its default TTL. */
  readonly ttl: number;
  readonly group: string;
}

/** A decoded message, or why the etcd plugin would fail to decode it. */
export type DecodedMessage =
  | { readonly ok: true; readonly message: SkydnsMessage }
  | { readonly ok: false; readonly reason: string };

type FieldKind = 'string' | 'int' | 'uint32' | 'bool';

const FIELDS: Readonly<Record<string, FieldKind>> = {
  host: 'string',
  port: 'int',
  priority: 'int',
  weight: 'int',
  text: 'string',
  mail: 'bool',
  ttl: 'uint32',
  targetstrip: 'int',
  group: 'string',
};

const GO_FOLDS: Readonly<Record<string, string>> = { '\u017f': 's', '\u0131': 'i', '\u0130': 'i', '\u212a': 'k' };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT32_MAX = 2n ** 32n - 1n;

/** Decodes an etcd value as the etcd plugin would. */
export function decodeMessage(value: string): DecodedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  const fields: Record<string, string | number | boolean> = { host: '', text: '', ttl: 0, group: '' };
  if (parsed === null) return { ok: true, message: toMessage(fields) };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  let failure: string | undefined;
  for (const [name, raw] of rawMembers(value)) {
    const field = fieldFor(name);
    if (field === undefined || raw === 'null') continue;
    const kind = FIELDS[field] as FieldKind;
    const decoded = decodeField(kind, raw);
    if (decoded === undefined) {
      failure ??= `member ${JSON.stringify(name)} is not a valid ${kind}: ${raw}`;
      continue;
    }
    fields[field] = decoded;
  }
  return failure === undefined ? { ok: true, message: toMessage(fields) } : { ok: false, reason: failure };
}

function toMessage(fields: Record<string, string | number | boolean>): SkydnsMessage {
  return {
    host: String(fields.host),
    text: String(fields.text),
    ttl: Number(fields.ttl),
    group: String(fields.group),
  };
}

function fieldFor(name: string): string | undefined {
  if (Object.hasOwn(FIELDS, name)) return name;
  const folded = name.replace(/[\u017f\u0131\u0130\u212a]/g, (c) => GO_FOLDS[c] ?? c).toLowerCase();
  return Object.hasOwn(FIELDS, folded) ? folded : undefined;
}

function decodeField(kind: FieldKind, raw: string): string | number | boolean | undefined {
  return match(kind)
    .with('string', () => (raw.startsWith('"') ? (JSON.parse(raw) as string) : undefined))
    .with('bool', () => (raw === 'true' ? true : raw === 'false' ? false : undefined))
    .with('int', () => {
      if (!/^-?\d+$/.test(raw)) return undefined;
      const n = BigInt(raw);
      return n >= INT64_MIN && n <= INT64_MAX ? Number(n) : undefined;
    })
    .with('uint32', () => {
      if (!/^\d+$/.test(raw)) return undefined;
      const n = BigInt(raw);
      return n <= UINT32_MAX ? Number(n) : undefined;
    })
    .exhaustive();
}

/** The members of a syntactically valid JSON object text, each with its raw value text. */
function rawMembers(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = scanString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = scanValue(text, start);
    out.push([name, text.slice(start, end)]);
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return out;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  return i;
}

function scanString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

function scanValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return scanString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const c = text[j];
      if (c === '"') {
        j = scanString(text, j);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
      j++;
      if (depth === 0) return j;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !',}] \t\n\r'.includes(text[j] as string)) j++;
  return j;
}
