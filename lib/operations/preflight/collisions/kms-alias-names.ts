import { ListAliasesCommand } from '@aws-sdk/client-kms';
import { UniqueNameKind } from '../../../plan/unique-names';
import { allPages } from '../../aws-call-error';
import type { ExistingNameFinder } from './existing-name-finder';

/** KMS aliases of the region (ListAliases, all pages; only asked with `secretsEncryption: customer-managed`). */
export const kmsAliasNames: ExistingNameFinder = {
  kind: UniqueNameKind.KMS_ALIAS,
  label: 'KMS aliases',
  permissions: ['kms:ListAliases'],
  async existing(names, context) {
    const aliases = await allPages('kms:ListAliases', async (token) => {
      const page = await context.clients.kms.send(new ListAliasesCommand({ Limit: 100, Marker: token }));
      return { items: page.Aliases, next: page.Truncated ? page.NextMarker : undefined };
    });
    const existing = new Set(aliases.map((a) => a.AliasName));
    return new Set(names.filter((n) => existing.has(n)));
  },
  removal: (name, region) => `aws kms delete-alias --region ${region} --alias-name ${name} (the key it points to is not deleted)`,
};
