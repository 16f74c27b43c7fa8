import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { count } from '../../src/cli/render/numbers.js';

test.prop([fc.double({ min: -1e15, max: 1e15, noNaN: true })])('count groups digits as en-US does', (n) => {
  // + 0 turns a rounded -0 into 0: a count is never negative zero
  expect(count(n)).toBe((Math.round(n) + 0).toLocaleString('en-US'));
});
