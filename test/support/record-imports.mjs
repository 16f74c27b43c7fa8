/**
 * Loaded with `node --import`, records the URL of every module the process imports into the
 * file named by DNSPLAN_RECORD_IMPORTS, one per line: how a test sees which dependencies a
 * command really loads.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.DNSPLAN_RECORD_IMPORTS) appendFileSync(process.env.DNSPLAN_RECORD_IMPORTS, `${resolved.url}\n`);
  return resolved;
}
