/**
 * `npm run bench`: every benchmark section in turn, printed as it finishes. Speed is measured
 * here, not asserted in tests. Sections: process start of the compiled CLI, the model checker
 * ladder, the in-process runner and `verify`, the HTTP protocol, the etcd backend (when an
 * etcd binary is available) and the RFC 2136 backend on BIND9 (when named is). `npm run bench -- startup checker` runs only those sections.
 */
import { benchChecker } from './checker.js';
import { benchConformance } from './conformance.js';
import { benchEtcd } from './etcd.js';
import { benchHttp } from './http.js';
import { benchRfc2136 } from './rfc2136.js';
import { benchStartup } from './startup.js';

const only = process.argv.slice(2);
const sections: [string, () => Promise<string[]>][] = [
  ['startup', benchStartup],
  ['checker', benchChecker],
  ['conformance', benchConformance],
  ['http', benchHttp],
  ['etcd', benchEtcd],
  ['rfc2136', benchRfc2136],
];
console.log(`dnsplan bench, node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = performance.now();
  for (const line of await run()) console.log(line);
  console.log(`  (${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
