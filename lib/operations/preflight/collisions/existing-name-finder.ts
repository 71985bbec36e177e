import type { UniqueName, UniqueNameKind } from '../../../plan/unique-names';
import type { PreflightContext } from '../preflight-check';

/**
 * Finds which of a kind's names already exist in the account and region, and says how to remove one:
 * one small implementation per kind (EKS clusters, IAM roles, log groups, KMS aliases, launch templates).
 */
export interface ExistingNameFinder {
  /** The kind of name. */
  readonly kind: UniqueNameKind;
  /** Plural label for people, e.g. `IAM roles`. */
  readonly label: string;
  /** IAM permissions the lookup needs. */
  readonly permissions: readonly string[];
  /** The ones of `names` that exist now. */
  existing(names: readonly string[], context: PreflightContext): Promise<ReadonlySet<string>>;
  /** How to remove `name` in `region`. */
  removal(name: string, region: string): string;
  /**
   * Why an existing name no state holds is a harmless leftover rather than a collision (WARN instead of
   * FAIL), or undefined when it is not. @default - never
   */
  leftover?(name: UniqueName, context: PreflightContext): Promise<string | undefined>;
  /** A note on the kind, added to a collision's fix (e.g. that IAM is global). @default - none */
  readonly note?: string;
}
