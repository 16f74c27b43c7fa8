import type { ConformanceResult } from '../../../conformance/index.js';

/** What the badge says and its colour: the level reached, or that the implementation is not conformant or broke the protocol. */
function badgeFace(r: ConformanceResult): { label: string; message: string; color: string } {
  const level = r.verdict === 'broken' ? 'broken' : r.verdict === 'incomplete' ? 'incomplete' : r.verdict === 'conformant' ? r.levelReached : `not conformant (${r.levelReached})`;
  // The transitions of the spec the histories went through, e.g. `live · 100% transitions`.
  const t = r.coverage?.transitions;
  const covered = t === undefined || r.verdict === 'broken' || r.verdict === 'incomplete' ? level : `${level} · ${Math.floor((100 * t.covered) / Math.max(t.reachable, 1))}% transitions`;
  // What the implementation said it does not support, Bowtie-style: `live · 100% transitions · skipped crash`.
  const message = r.skipped.length === 0 ? covered : `${covered} · skipped ${r.skipped.join(', ')}`;
  const color = r.verdict === 'conformant' ? (r.levelReached === 'live' ? 'brightgreen' : r.levelReached === 'refines' ? 'green' : 'yellowgreen') : r.verdict === 'incomplete' ? 'lightgrey' : 'red';
  // which observer judged the run, when it was not the implementation's own word: `dnsplan (dns)`, `dnsplan (etcd)`
  const by = r.observer === 'implementation' ? '' : ` (${/^(dns|etcd)\b/.exec(r.observer)?.[1] ?? 'observed'})`;
  return { label: `dnsplan${by}`, message, color };
}

/** A shields.io endpoint badge: https://img.shields.io/endpoint?url=<where this JSON is served>. */
export function badge(r: ConformanceResult): object {
  return { schemaVersion: 1, ...badgeFace(r) };
}

/** The badge as an SVG image, drawn by shields.io's own badge library (loaded only when asked for). */
export async function badgeSvg(r: ConformanceResult): Promise<string> {
  const { makeBadge } = await import('badge-maker');
  return `${makeBadge({ ...badgeFace(r), style: 'flat' })}\n`;
}
