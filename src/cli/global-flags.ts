import type { Flag } from './flags.js';

/** Flags dnsplan takes with or without a command; `--debug` may be given anywhere. */
export const VERSION_FLAG: Flag = { name: '--version', description: 'print the version' };
export const DEBUG_FLAG: Flag = { name: '--debug', description: 'on an internal error (a bug in dnsplan: exit 2), also print the stack trace' };
export const GLOBAL_FLAGS: readonly Flag[] = [VERSION_FLAG, DEBUG_FLAG, { name: '--help', description: 'print the usage of dnsplan or of a command' }];
