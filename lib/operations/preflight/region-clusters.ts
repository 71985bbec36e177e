import { ListClustersCommand } from '@aws-sdk/client-eks';
import { allPages } from '../aws-call-error';
import type { PreflightContext } from './preflight-check';

/** The names of every EKS cluster in the region (ListClusters, all pages), asked once for all checks. */
export function regionClusterNames(context: Pick<PreflightContext, 'clients' | 'memo'>): Promise<ReadonlySet<string>> {
  return context.memo('eks:ListClusters', async () => {
    const names = await allPages('eks:ListClusters', async (token) => {
      const page = await context.clients.eks.send(new ListClustersCommand({ maxResults: 100, nextToken: token }));
      return { items: page.clusters, next: page.nextToken };
    });
    return new Set(names);
  });
}
