/**
 * Where dnsplan keeps a run in an authoritative zone (endpoint `regional`, run `r1`, zone
 * `dnsplan.test.`):
 *
 * - plan 4's record of `regional` is the A RRset of `g4.regional.r1.dnsplan.test.`, a name
 *   that belongs to the plan, so deleting the plan deletes it;
 * - the endpoint `regional.r1.dnsplan.test.` is a CNAME to the plan it points to; once that
 *   plan is deleted the CNAME dangles and the endpoint resolves to nothing (the outage);
 * - the plan store is TXT records: `_plans.r1.dnsplan.test.` lists the generations (one TXT
 *   record each), `g4._plans.r1.dnsplan.test.` holds plan 4 (`regional=10.0.4.1,10.0.4.2`);
 * - claims are TXT records `a._claims.r1.dnsplan.test.` naming the plan enactor `a` holds.
 *   They are records rather than a store of their own so that one server holds the whole
 *   state, a collector in another process sees them, and a plan and its claims change in one
 *   place with the same atomic updates.
 *
 * `_plans` and `_claims` begin with an underscore, which no endpoint label can, so they never
 * collide with an endpoint. dnsplan changes only these names: a write replaces the endpoint's
 * CNAME and its plan's A RRset, a deletion removes the plan's names; records under any other
 * name of the run are left alone (and reported as foreign when an answer reaches them). The
 * plan index holds one record per stored plan, well under the 100 records per RRset that BIND
 * 9.18 accepts (`max-records-per-type`). When the harness names the endpoints (the reset's `names`), those
 * names are used instead of `<endpoint>.<run>.<zone>`.
 */

/** A name lowercased without its final dot, as names are compared here. */
export function bare(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `name` is not a DNS name dnsplan can use, or `undefined`. */
export function nameProblem(name: string): string | undefined {
  const labels = bare(name).split('.');
  if (labels.some((l) => !LABEL.test(l))) return 'must be a DNS name of lowercase labels (a-z, 0-9, inner "-")';
  if (bare(name).length > 200) return 'is too long';
  return undefined;
}

/** The names of one run. */
export class Rfc2136Layout {
  readonly zone: string;
  readonly runDomain: string;
  private readonly names: ReadonlyMap<string, string>;

  constructor(zone: string, runId: string, endpoints: readonly string[], names?: Readonly<Record<string, string>>) {
    this.zone = bare(zone);
    this.runDomain = `${runId}.${this.zone}`;
    this.names = new Map(endpoints.map((e) => [e, bare(names?.[e] ?? `${e}.${this.runDomain}`)]));
  }

  /** The endpoint's name, e.g. `regional.r1.dnsplan.test`. */
  endpointName(endpoint: string): string {
    const name = this.names.get(endpoint);
    if (name === undefined) throw new RangeError(`unknown endpoint ${JSON.stringify(endpoint)}`);
    return name;
  }

  /** The name of plan `generation`'s record of the endpoint. */
  recordName(endpoint: string, generation: number): string {
    return `g${generation}.${this.endpointName(endpoint)}`;
  }

  /** The generation a CNAME target of the endpoint names, or `undefined` when it is not a plan's record name. */
  targetGeneration(endpoint: string, target: string): number | undefined {
    const suffix = `.${this.endpointName(endpoint)}`;
    const t = bare(target);
    if (!t.endsWith(suffix)) return undefined;
    const label = t.slice(0, -suffix.length);
    return /^g[1-9]\d{0,15}$/.test(label) && Number.isSafeInteger(Number(label.slice(1))) ? Number(label.slice(1)) : undefined;
  }

  get plansIndex(): string {
    return `_plans.${this.runDomain}`;
  }

  planName(generation: number): string {
    return `g${generation}._plans.${this.runDomain}`;
  }

  claimName(enactor: string): string {
    return `${enactor}._claims.${this.runDomain}`;
  }
}

/** A plan's TXT strings: one `endpoint=address,address` per endpoint. */
export function planText(records: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.entries(records).map(([endpoint, addresses]) => `${endpoint}=${addresses.join(',')}`);
}

/** A plan's records from its TXT strings, or a reason they are not a plan dnsplan wrote. */
export function parsePlanText(text: readonly string[]): Record<string, string[]> | string {
  const records: Record<string, string[]> = {};
  for (const part of text) {
    const m = /^([a-z0-9-]{1,63})=((?:\d{1,3}\.){3}\d{1,3}(?:,(?:\d{1,3}\.){3}\d{1,3})*)$/.exec(part);
    if (m === null) return `not a dnsplan plan record: ${JSON.stringify(part.slice(0, 80))}`;
    records[m[1]!] = m[2]!.split(',');
  }
  return records;
}
