import type { ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { tagRecord } from './cluster-tags';
import type { FoundResource, LeftoverKind } from './kinds/leftover-kind';
import type { IgnoredResource, LeftoverSource } from './leftover-report';
import type { RemovalSubject } from './removal-hint';
import { kindOfArn, parseArn } from './resource-arn';

/** A resource while what the queries found is merged. */
export interface Draft extends RemovalSubject {
  arn?: string;
  detail?: string;
  readonly tags: Record<string, string>;
  readonly foundBy: Set<LeftoverSource>;
  /** The cluster it belongs to, when the query that found it says so (a log group found by its name). */
  readonly clusterName?: string;
}

/**
 * What the queries found, merged into one entry per resource whichever queries returned it, and what
 * the Tagging API lists that does not count. What a kind's own API says is added first and wins (state,
 * detail, attachment); a Tagging API entry adds its ARN, its tags and its source. A Tagging API entry
 * of a kind is counted only when that kind's own API has it (the Tagging API is eventually consistent
 * and still lists what was just deleted); otherwise it is ignored, with why.
 */
export class LeftoverDrafts {
  private readonly drafts = new Map<string, Draft>();
  private readonly why = new Map<string, string>();
  private readonly ignoredByArn = new Map<string, string>();
  private readonly kinds: ReadonlyMap<string, LeftoverKind>;

  /** @param kinds the kinds whose own API is the authority on their resources */
  constructor(kinds: readonly LeftoverKind[]) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
  }

  /** The kind of the resource `resourceArn` names, and its id, or undefined when no kind asks its own API about it. */
  public kindOf(resourceArn: string): { readonly kind: LeftoverKind; readonly id: string } | undefined {
    const arn = parseArn(resourceArn);
    const kind = this.kinds.get(kindOfArn(arn));
    return kind === undefined ? undefined : { kind, id: kind.idFromArn?.(arn.id) ?? arn.id };
  }

  /** Whether `kind`'s resource `id` was found (by its own API). */
  public has(kind: LeftoverKind, id: string): boolean {
    return this.drafts.has(draftKey(kind.kind, id));
  }

  /** Adds what `kind`'s own API returned (by a search or a confirmation). */
  public addFound(kind: LeftoverKind, resource: FoundResource): void {
    const [service, resourceType] = splitKind(kind.kind);
    this.merge(draftKey(kind.kind, resource.id), {
      service,
      resourceType,
      id: resource.id,
      ...(resource.arn === undefined ? {} : { arn: resource.arn }),
      ...(resource.state === undefined ? {} : { state: resource.state }),
      ...(resource.detail === undefined ? {} : { detail: resource.detail }),
      ...(resource.attachedInstanceId === undefined ? {} : { attachedInstanceId: resource.attachedInstanceId }),
      ...(resource.managedBy === undefined ? {} : { managedBy: resource.managedBy }),
      ...(resource.clusterName === undefined ? {} : { clusterName: resource.clusterName }),
      tags: { ...resource.tags },
      foundBy: new Set(kind.source === undefined ? [] : [kind.source]),
    });
  }

  /** Records why `kind`'s own API says its resource `id` does not count (e.g. `NAT gateway in state deleted`). */
  public addGone(kind: LeftoverKind, id: string, why: string): void {
    this.why.set(draftKey(kind.kind, id), why);
  }

  /**
   * Adds a Tagging API entry found by `source`. Of a kind, only when its own API has the resource (found
   * or confirmed before); otherwise the entry is ignored, with why its API says it is gone.
   */
  public addTagged(mapping: ResourceTagMapping, source: LeftoverSource): void {
    const resourceArn = mapping.ResourceARN;
    if (resourceArn === undefined) return;
    const arn = parseArn(resourceArn);
    const ofKind = this.kindOf(resourceArn);
    const key = ofKind === undefined ? resourceArn : draftKey(ofKind.kind.kind, ofKind.id);
    if (ofKind !== undefined && !this.drafts.has(key)) {
      this.ignoredByArn.set(resourceArn, this.why.get(key) ?? ofKind.kind.gone);
      return;
    }
    this.merge(key, { ...arn, ...(ofKind === undefined ? {} : { id: ofKind.id }), arn: resourceArn, tags: tagRecord(mapping.Tags), foundBy: new Set([source]) });
  }

  /** Every resource found, merged. */
  public get resources(): Draft[] {
    return [...this.drafts.values()];
  }

  /** What the Tagging API lists that does not count, by ARN. */
  public get ignored(): IgnoredResource[] {
    return [...this.ignoredByArn].sort(([a], [b]) => a.localeCompare(b)).map(([arn, why]) => ({ arn, why }));
  }

  /** Merges `found` into the draft under `key`; what was added first (state, detail) is kept. */
  private merge(key: string, found: Draft): void {
    const existing = this.drafts.get(key);
    if (existing === undefined) {
      this.drafts.set(key, found);
      return;
    }
    Object.assign(existing.tags, found.tags);
    found.foundBy.forEach((s) => existing.foundBy.add(s));
    existing.arn ??= found.arn;
    existing.detail ??= found.detail;
  }
}

/** Key of a kind's resource in the drafts, whichever query found it. */
function draftKey(kind: string, id: string): string {
  return `${kind}:${id}`;
}

function splitKind(kind: string): [string, string] {
  const colon = kind.indexOf(':');
  return [kind.slice(0, colon), kind.slice(colon + 1)];
}
