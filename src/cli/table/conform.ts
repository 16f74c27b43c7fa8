import { DEFAULT_ZONE } from '../../../adapters/coredns/zone.js';
import { REFERENCE_NAMES } from '../../../adapters/reference/modes.js';
import { VARIANT_NAMES } from '../../../spec/index.js';
import { JSON_FLAG, QUIET_FLAG, type Command } from '../command.js';
import { BADGE_SVG_FLAG, HTML_FLAG, ITF_FLAG, SUMMARY_FLAG } from '../output-flags.js';
import { SHAPE_FLAGS } from '../spec-flags.js';

export const conform: Command = {
  name: 'conform',
  summary: 'drive an enactor through generated schedules, check every step against the spec, shrink a failure to a minimal history',
  flags: [
    { name: '--reference', value: 'V', description: `the in-process reference enactor: ${REFERENCE_NAMES.join(', ')}` },
    { name: '--target', value: 'URL', description: 'an enactor that speaks the HTTP protocol (docs/protocol.md), e.g. http://127.0.0.1:8080' },
    { name: '--coredns', description: 'run the reference enactor (--reference, default fixed) on etcd in the layout CoreDNS serves' },
    { name: '--etcd', value: 'URL', description: 'with --coredns: the etcd client URL', default: 'http://127.0.0.1:2379' },
    { name: '--rfc2136', value: 'SERVER', description: 'run the reference enactor (--reference, default fixed) on a DNS server through RFC 2136 dynamic updates, observed by DNS queries: HOST:PORT, or auto to start a throwaway named on 127.0.0.1' },
    { name: '--tsig', value: 'NAME:SECRET', description: 'with --rfc2136 HOST:PORT: sign updates with this hmac-sha256 key (base64 secret); DNSPLAN_TSIG in the environment does the same and keeps the secret out of replay lines and histories' },
    { name: '--zone', value: 'ZONE', description: 'with --coredns, --rfc2136 or --observe: the DNS zone', default: DEFAULT_ZONE },
    { name: '--observer', value: 'O', description: 'with --coredns: auto (DNS through CoreDNS when a coredns binary is found, else etcd), dns or etcd', default: 'auto' },
    { name: '--observe', value: 'URL', description: "with --target: the harness also resolves each endpoint's name itself after every step, dns://HOST:PORT (A queries) or etcd://HOST:PORT (keys as CoreDNS serves them), and judges what is served (docs/protocol.md)" },
    { name: '--settle', value: 'MS', description: 'with --observe: wait this long after each step before reading the served answers (0 to 60000; docs/eventual-dns.md)', default: '0' },
    ...SHAPE_FLAGS,
    { name: '--spec', value: 'V', description: `the spec variant histories are checked against: ${VARIANT_NAMES.join(', ')}`, default: 'fixed' },
    { name: '--level', value: 'L', description: 'the level to reach: safe, refines or live', default: 'live' },
    { name: '--runs', value: 'N', description: 'generated schedules (1 to 1000000)', default: '100' },
    { name: '--length', value: 'N', description: 'most commands per schedule (1 to 10000)', default: '40' },
    { name: '--seed', value: 'S', description: 'seed of the schedules (0 to 2147483647); printed when not given', default: 'random' },
    { name: '--schedule', value: 'LIST', description: "run this one schedule: a list such as 'plan,step:a,plan,collect' (a replay), or postmortem, the October 2025 race" },
    { name: '--schedules', value: 'FILE', description: 'run these named schedules first, after the built-in postmortem race: a file written by dnsplan check --schedules' },
    { name: '--coverage', value: 'GOAL', description: 'spec-guided schedules until every reachable spec transition (or state) is covered, before the generated ones: transitions, states or off', default: 'transitions' },
    { name: '--max-states', value: 'N', description: 'the most reachable spec states coverage explores (1 to 100000000); beyond it the run stops with exit 2', default: '1000000' },
    { name: '--timeout', value: 'MS', description: 'with --target: per-request timeout, covering the reply (1 to 600000)', default: '5000' },
    { name: '--deadline', value: 'S', description: 'whole-run deadline in seconds (1 to 86400): no run or request starts that could not finish before it; then the verdict is incomplete (exit 2)' },
    { name: '--retries', value: 'N', description: 'send a command again, up to N times (0 to 100), when the implementation answers it with an error that says happened: "no"; each retry is recorded in the history', default: '0' },
    { name: '--wait-ready', value: 'S', description: 'with --target: wait up to S seconds for the implementation to accept a connection (0 to 3600)', default: '10' },
    { name: '--history-dir', value: 'DIR', description: 'where history files go', default: 'runs/<seed>' },
    { name: '--no-coverage', description: 'neither steer toward coverage nor report it (--coverage off, and the spec is not explored)' },
    { name: '--badge', value: 'FILE', description: 'write a shields.io endpoint badge JSON' },
    { name: '--junit', value: 'FILE', description: 'write a JUnit XML report' },
    BADGE_SVG_FLAG,
    HTML_FLAG,
    ITF_FLAG,
    SUMMARY_FLAG,
    QUIET_FLAG,
    JSON_FLAG,
  ],
  examples: [
    'dnsplan conform --reference fixed                      # conformant at level live, 100% of transitions',
    'dnsplan conform --reference aws-2025 --no-collector --schedule postmortem',
    'dnsplan check --variant aws-2025 --no-collector --schedules s.json && dnsplan conform --reference fixed --no-collector --schedules s.json',
    'dnsplan conform --reference aws-2025 --no-collector    # not conformant: the shrunk race',
    'dnsplan conform --target http://127.0.0.1:8080 --runs 500 --badge badge.json --junit junit.xml',
    'dnsplan conform --reference aws-2025 --no-collector --html r.html --summary s.md --badge-svg b.svg --junit j.xml',
    'dnsplan conform --coredns --reference fixed --etcd http://127.0.0.1:2379',
    'dnsplan conform --rfc2136 auto --reference aws-2025 --no-collector   # the race on a real named',
    'dnsplan conform --target http://127.0.0.1:8080 --observe dns://127.0.0.1:5353 --zone dnsplan.test.',
  ],
  load: async () => (await import('../commands/conform.js')).conformCommand,
};
