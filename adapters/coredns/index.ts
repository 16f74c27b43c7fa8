/**
 * The CoreDNS backend: dnsplan's plan store and DNS records in etcd, in the SkyDNS layout that
 * CoreDNS's etcd plugin serves, observed either through the keys (interpreted as the plugin
 * answers) or through DNS queries to a CoreDNS started for the run.
 */
export { makeCorednsBackendFactory, newRunId, selectObserver, DEFAULT_ZONE } from './adapter.js';
export type { BackendConstants, BackendFactory, CorednsBackendOptions, ObserverSelection } from './adapter.js';
export { answerA, DEFAULT_TTL } from './a-query.js';
export type { AAnswer, AnswerRecord, KeyReader, PluginView, StoredKey } from './a-query.js';
export { findCoredns, startCoredns } from './coredns.js';
export type { CorednsServer, StartCorednsOptions } from './coredns.js';
export { corefile } from './corefile.js';
export type { CorefileOptions } from './corefile.js';
export { DnsClient } from './dns-client.js';
export type { DnsReply } from './dns-client.js';
export { DnsObserver } from './dns-observer.js';
export type { DnsObserverOptions } from './dns-observer.js';
export { openEtcdBackend } from './etcd-backend.js';
export type { EtcdBackend, EtcdBackendOptions } from './etcd-backend.js';
export { EtcdConnection, EtcdStoreError } from './etcd-connection.js';
export type { EtcdConnectionOptions } from './etcd-connection.js';
export { EtcdDnsStore } from './etcd-dns-store.js';
export { EtcdObserver } from './etcd-observer.js';
export type { EtcdSnapshot } from './etcd-observer.js';
export { EtcdPlanStore } from './etcd-plan-store.js';
export { freePort } from './free-port.js';
export { Layout, RECORD_TTL } from './layout.js';
export type { LayoutOptions } from './layout.js';
export type { ObservedState, Observer } from './observer.js';
export { openReferenceOnEtcd, type ReferenceOnEtcdOptions } from './reference-on-etcd.js';
export { EtcdServedObserver } from './etcd-served-observer.js';
