#!/usr/bin/env node
// The dnsplan command: the compiled build in dist/, made by `npm ci` (prepare) or `npm run build`.
// With --debug, stack traces name the TypeScript sources (dist/ carries source maps).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
try {
  await import('../dist/src/cli/entry.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('entry.js')) throw error;
  process.stderr.write('dnsplan: the compiled build is missing: run `npm ci` or `npm run build` in the dnsplan folder first\n');
  process.exitCode = 2;
}
