import { paginateListClusters } from '@aws-sdk/client-eks';
import { allItems } from '../aws-call-error';
import type { PreflightContext } from './preflight-check';

/** The names of every EKS cluster in the region (ListClusters, all pages), asked once for all checks. */
export function regionClusterNames(context: Pick<PreflightContext, 'clients' | 'memo'>): Promise<ReadonlySet<string>> {
  return context.memo('eks:ListClusters', async () => {
    const names = await allItems('eks:ListClusters', paginateListClusters({ client: context.clients.eks }, { maxResults: 100 }), (page) => page.clusters);
    return new Set(names);
  });
}
