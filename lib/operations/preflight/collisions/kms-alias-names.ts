import { paginateListAliases } from '@aws-sdk/client-kms';
import { UniqueNameKind } from '../../../plan/unique-names';
import { allItems } from '../../aws-call-error';
import type { ExistingNameFinder } from './existing-name-finder';

/** KMS aliases of the region (ListAliases, all pages; only asked with `secretsEncryption: customer-managed`). */
export const kmsAliasNames: ExistingNameFinder = {
  kind: UniqueNameKind.KMS_ALIAS,
  label: 'KMS aliases',
  permissions: ['kms:ListAliases'],
  async existing(names, context) {
    // KMS sets NextMarker only while Truncated is true: the paginator stops where it is absent.
    const aliases = await allItems('kms:ListAliases', paginateListAliases({ client: context.clients.kms }, { Limit: 100 }), (page) => page.Aliases);
    const existing = new Set(aliases.map((a) => a.AliasName));
    return new Set(names.filter((n) => existing.has(n)));
  },
  removal: (name, region) => `aws kms delete-alias --region ${region} --alias-name ${name} (the key it points to is not deleted)`,
};
