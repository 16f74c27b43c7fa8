/**
 * An ajv validation error as one sentence for people: where in the message (a JSON pointer,
 * omitted at the top) and what is wrong, e.g. `/result/event/kind must be one of "pick",
 * "write", "clean", "idle", got "explode"`.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

/** Finds a schema by a `$ref` written in another schema (a file name beside it). */
export type SchemaLookup = (ref: string) => unknown;

/** The sentence for the first error ajv reported; needs `verbose` errors to list a discriminator's kinds. */
export function describeError(e: ErrorObject | undefined | null, lookup: SchemaLookup): string {
  if (!e) return 'it does not match the schema';
  const path = e.instancePath;
  const at = path === '' ? '' : `${path} `;
  const list = (values: readonly unknown[]) => values.map((x) => JSON.stringify(x)).join(', ');
  if (e.propertyName !== undefined) return `${at}has the property ${JSON.stringify(e.propertyName)}, whose name ${e.message ?? 'is not allowed'}`;
  switch (e.keyword) {
    case 'required':
      return `${at}missing required property "${String(e.params['missingProperty'])}"`;
    case 'additionalProperties':
      return `${at}has the unknown property "${String(e.params['additionalProperty'])}"`;
    case 'enum':
      return `${path || 'the message'} must be one of ${list(e.params['allowedValues'] as unknown[])}, got ${JSON.stringify(e.data)}`;
    case 'const':
      return `${path || 'the message'} must be ${JSON.stringify(e.params['allowedValue'])}, got ${JSON.stringify(e.data)}`;
    case 'discriminator': {
      const tag = String(e.params['tag']);
      const kinds = tagValues(e.parentSchema, tag, lookup);
      return `${path}/${tag} must be one of ${list(kinds)}, got ${JSON.stringify(e.params['tagValue'])}`;
    }
    default:
      return `${path || 'the message'} ${e.message ?? 'does not match the schema'}`;
  }
}

/** The values of a discriminator's tag property that its `oneOf` alternatives accept. */
function tagValues(schema: unknown, tag: string, lookup: SchemaLookup): unknown[] {
  const alternatives = (schema as { oneOf?: unknown[] } | undefined)?.oneOf ?? [];
  return alternatives.map((alt) => {
    const ref = (alt as { $ref?: unknown }).$ref;
    const resolved = (typeof ref === 'string' ? lookup(ref) : alt) as { properties?: Record<string, { const?: unknown }> } | undefined;
    return resolved?.properties?.[tag]?.const;
  });
}
