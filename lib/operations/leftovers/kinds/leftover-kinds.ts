import { instances } from './instances';
import { kmsKeys } from './kms-keys';
import type { LeftoverKind } from './leftover-kind';
import { logGroups } from './log-groups';
import { natGateways } from './nat-gateways';
import { networkInterfaces } from './network-interfaces';
import { volumes } from './volumes';

/**
 * Every resource kind whose own API `leftovers` asks. A resource of another type is reported as the
 * Resource Groups Tagging API lists it. Adding a kind: a file here, its test, and a line in this list.
 */
export const LEFTOVER_KINDS: readonly LeftoverKind[] = [volumes, networkInterfaces, natGateways, instances, kmsKeys, logGroups];
