import { instances } from './instances';
import { kmsKeys } from './kms-keys';
import { natGateways } from './nat-gateways';
import { TaggedKind } from './tagged-kind';

/** The kinds whose own API confirms what the Tagging API lists, by `<service>:<resourceType>`. */
export const TAGGED_KINDS: ReadonlyMap<string, TaggedKind> = new Map([natGateways, instances, kmsKeys].map((k) => [k.kind, k]));
