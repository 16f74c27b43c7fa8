/**
 * The RFC 2136 backend: dnsplan's plan store and DNS records in an authoritative zone of a real
 * DNS server (BIND9's named), changed by dynamic updates whose prerequisites make `cas` writes
 * a compare-and-swap, and observed by DNS queries; plus the harness's DNS observer of served
 * answers for any implementation.
 */
export { openRfc2136Backend } from './backend.js';
export type { Rfc2136Backend, Rfc2136BackendOptions } from './backend.js';
export { DnsClient } from './client.js';
export type { AnswerRecord, QueryReply, UpdateReply } from './client.js';
export { Rfc2136DnsStore, MAX_WRITE_CONFLICTS } from './dns-store.js';
export { Rfc2136Layout, bare, nameProblem } from './layout.js';
export { namedConf, zoneFile, zoneFileName } from './named-config.js';
export type { NamedConfigOptions } from './named-config.js';
export { findNamed, startNamed } from './named.js';
export type { NamedServer, StartNamedOptions } from './named.js';
export { Rfc2136Observer } from './observer.js';
export { Rfc2136PlanStore, RECORD_TTL } from './plan-store.js';
export { DEFAULT_RFC2136_ZONE, newRfc2136RunId, openReferenceOnRfc2136 } from './reference-on-rfc2136.js';
export type { ReferenceOnRfc2136, ReferenceOnRfc2136Options } from './reference-on-rfc2136.js';
export { resolveA } from './resolve.js';
export { DnsServedObserver } from './served-observer.js';
export { DnsTransport, DnsUnreachable, serverText } from './transport.js';
export type { ServerAddress } from './transport.js';
export { parseTsig, signMessage, signed, verifyReply } from './tsig.js';
export type { TsigKey } from './tsig.js';
export { encodeUpdate } from './update-message.js';
export type { Prerequisite, Update } from './update-message.js';
export { Rfc2136Error, ZoneClient } from './zone-client.js';
export type { ZoneOptions } from './zone-client.js';
