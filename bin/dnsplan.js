#!/usr/bin/env node
// The dnsplan command. Node 20 cannot run TypeScript itself, so tsx compiles on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
