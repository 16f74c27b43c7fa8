import type { ConformanceResult } from '../../../conformance/index.js';
import { forXmlAttribute as esc } from './escape.js';

/** A shields.io endpoint badge: https://img.shields.io/endpoint?url=<where this JSON is served>. */
export function badge(r: ConformanceResult): object {
  const message = r.verdict === 'broken' ? 'broken' : r.verdict === 'conformant' ? r.levelReached : `not conformant (${r.levelReached})`;
  const color = r.verdict === 'conformant' ? (r.levelReached === 'live' ? 'brightgreen' : r.levelReached === 'refines' ? 'green' : 'yellowgreen') : 'red';
  return { schemaVersion: 1, label: 'dnsplan', message, color };
}

/** JUnit XML: one test case per conformance level, failed when not reached, skipped when not required. */
export function junit(r: ConformanceResult): string {
  const levels = ['safe', 'refines', 'live'] as const;
  const order = ['none', 'safe', 'refines', 'live'];
  const required = order.indexOf(r.levelRequired);
  const reached = order.indexOf(r.levelReached);
  const cases = levels.map((level) => {
    const name = `${r.target} is ${level}`;
    const i = order.indexOf(level);
    if (r.verdict === 'broken') return `  <testcase classname="dnsplan.conform" name="${esc(name)}"><error message="${esc(r.broken?.broken?.error.message ?? 'broken')}"/></testcase>`;
    if (i > required) return `  <testcase classname="dnsplan.conform" name="${esc(name)}"><skipped message="not required (--level ${r.levelRequired})"/></testcase>`;
    if (i <= reached) return `  <testcase classname="dnsplan.conform" name="${esc(name)}"/>`;
    const v = r.counterexample?.violation;
    return `  <testcase classname="dnsplan.conform" name="${esc(name)}"><failure message="${esc(v ? `${v.property}: ${v.message}` : 'not reached')}"/></testcase>`;
  });
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const errors = cases.filter((c) => c.includes('<error')).length;
  const skipped = cases.filter((c) => c.includes('<skipped')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="dnsplan conform" tests="3" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${r.seconds.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
