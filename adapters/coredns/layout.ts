/**
 * Where dnsplan keeps a run's plans and DNS records in etcd.
 *
 * DNS records are in the SkyDNS layout the CoreDNS etcd plugin serves: endpoint `regional` of
 * run `r1` in zone `dnsplan.test.` is the name `regional.r1.dnsplan.test.`, whose A query CoreDNS
 * answers from every key below `/skydns/test/dnsplan/r1/regional/`. Plan g's records for that
 * endpoint are the keys `.../regional/g0000000000000004/1`, `.../regional/g0000000000000004/2` (one per address,
 * value `{"host":"10.0.4.1","ttl":30}`), so deleting plan g is a prefix delete per endpoint.
 *
 * The run id is a label of the DNS name rather than a different `path` option: one CoreDNS
 * server with one etcd plugin block (zone `dnsplan.test.`, path `/skydns`) then serves every run,
 * and two harness processes sharing an etcd write disjoint subtrees.
 *
 * Plans, claims and each record's plan marker live outside the DNS tree, under
 * `/dnsplan/<run>/`, where CoreDNS never looks.
 */
import { fqdn, labels, skydnsPath } from './dns-name.js';

/** The TTL dnsplan writes on its A records; no cache sits in front of the etcd plugin. */
export const RECORD_TTL = 30;

/** Digits of a zero-padded generation in keys and markers, so byte order is numeric order: enough for every generation up to 2^53 − 1. */
export const GENERATION_DIGITS = 16;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why `name` cannot be one DNS label of a dnsplan name, or `undefined` when it can. `*` and
 * `any` are refused because the etcd plugin treats them as wildcards in a query name.
 */
export function labelProblem(name: string): string | undefined {
  if (!LABEL.test(name)) return 'must be a lowercase DNS label (a-z, 0-9, inner "-", at most 63 characters)';
  if (name === 'any') return 'is the etcd plugin\'s wildcard label';
  return undefined;
}

function requireLabel(what: string, name: string): string {
  const problem = labelProblem(name);
  if (problem !== undefined) throw new RangeError(`${what} ${JSON.stringify(name)} ${problem}`);
  return name;
}

/** A generation as it appears in keys and markers: `4` -> `0000000000000004`. */
export function padGeneration(generation: number): string {
  const max = Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(generation) || generation < 1) {
    throw new RangeError(`plan generation must be an integer from 1 to ${max}, got ${generation}`);
  }
  return String(generation).padStart(GENERATION_DIGITS, '0');
}

/** The generation a padded marker or key segment names, or `undefined` if it is not one. */
export function parseGeneration(text: string): number | undefined {
  if (!new RegExp(`^\\d{${GENERATION_DIGITS}}$`).test(text)) return undefined;
  const generation = Number(text);
  return generation >= 1 && Number.isSafeInteger(generation) ? generation : undefined;
}

/** The exact value dnsplan writes for one address of a record. */
export function recordValue(address: string): string {
  return JSON.stringify({ host: address, ttl: RECORD_TTL });
}

/** A DNS key that has the shape of one dnsplan writes. */
export interface RecordKey {
  readonly endpoint: string;
  readonly generation: number;
  /** 1-based position of the address in the plan's address list. */
  readonly index: number;
}

/** What a layout is made from. */
export interface LayoutOptions {
  /** The zone CoreDNS is authoritative for, e.g. `dnsplan.test.`. */
  readonly zone: string;
  /** The run's label, unique per harness process sharing an etcd. */
  readonly runId: string;
  /** CoreDNS's `path` option; `/skydns` when not given. */
  readonly pathPrefix?: string;
  /** Root of the non-DNS keys; `/dnsplan` when not given. */
  readonly metaPrefix?: string;
}

/** The key layout of one run. Range prefixes end with `/`. */
export class Layout {
  readonly zone: string;
  readonly runId: string;
  readonly pathPrefix: string;
  readonly metaPrefix: string;

  constructor(options: LayoutOptions) {
    this.zone = fqdn(options.zone.toLowerCase());
    for (const label of labels(this.zone)) requireLabel('zone label', label);
    this.runId = requireLabel('run id', options.runId);
    this.pathPrefix = `/${trimSlashes(options.pathPrefix ?? '/skydns')}`;
    this.metaPrefix = `/${trimSlashes(options.metaPrefix ?? '/dnsplan')}/${this.runId}/`;
  }

  /** The DNS name of an endpoint, e.g. `regional.r1.dnsplan.test.`. */
  endpointName(endpoint: string): string {
    return `${requireLabel('endpoint', endpoint)}.${this.runId}.${this.zone}`;
  }

  /** The subtree holding every DNS key of this run. */
  get runDir(): string {
    return `${skydnsPath(`${this.runId}.${this.zone}`, this.pathPrefix)}/`;
  }

  /** The subtree CoreDNS reads for an A query of the endpoint's name. */
  endpointDir(endpoint: string): string {
    return `${skydnsPath(this.endpointName(endpoint), this.pathPrefix)}/`;
  }

  /** The subtree holding plan `generation`'s records of an endpoint. */
  recordDir(endpoint: string, generation: number): string {
    return `${this.endpointDir(endpoint)}g${padGeneration(generation)}/`;
  }

  /** The key of address `index` (1-based) of plan `generation`'s record of an endpoint. */
  recordKey(endpoint: string, generation: number, index: number): string {
    return `${this.recordDir(endpoint, generation)}${index}`;
  }

  /** Reads a key under {@link runDir} as a dnsplan record key, or `undefined` if it is not one. */
  parseRecordKey(key: string): RecordKey | undefined {
    if (!key.startsWith(this.runDir)) return undefined;
    const parts = key.slice(this.runDir.length).split('/');
    if (parts.length !== 3) return undefined;
    const [endpoint = '', segment = '', position = ''] = parts;
    if (labelProblem(endpoint) !== undefined || !segment.startsWith('g')) return undefined;
    const generation = parseGeneration(segment.slice(1));
    if (generation === undefined || !/^[1-9]\d{0,3}$/.test(position)) return undefined;
    return { endpoint, generation, index: Number(position) };
  }

  /** Where the plans live. */
  get plansDir(): string {
    return `${this.metaPrefix}plans/`;
  }

  /** The key holding plan `generation` (JSON of the plan). */
  planKey(generation: number): string {
    return `${this.plansDir}g${padGeneration(generation)}`;
  }

  /** Where the enactors' claims live. */
  get claimsDir(): string {
    return `${this.metaPrefix}claims/`;
  }

  /** The key holding the plan an enactor claims (padded generation). */
  claimKey(enactor: string): string {
    return `${this.claimsDir}${encodeURIComponent(enactor)}`;
  }

  /** Where the record markers live. */
  get markersDir(): string {
    return `${this.metaPrefix}records/`;
  }

  /**
   * The key naming the plan an endpoint's record belongs to (padded generation). It is written
   * in the same transaction as the record's DNS keys and outlives the plan's deletion, so a
   * record whose plan was deleted still knows its plan (and resolves to nothing).
   */
  markerKey(endpoint: string): string {
    return `${this.markersDir}${requireLabel('endpoint', endpoint)}`;
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
