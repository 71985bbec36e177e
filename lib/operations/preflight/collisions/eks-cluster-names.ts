import { UniqueNameKind } from '../../../plan/unique-names';
import { regionClusterNames } from '../region-clusters';
import type { ExistingNameFinder } from './existing-name-finder';

/** EKS clusters of the region (ListClusters, shared with the cluster quota check). */
export const eksClusterNames: ExistingNameFinder = {
  kind: UniqueNameKind.EKS_CLUSTER,
  label: 'EKS clusters',
  permissions: ['eks:ListClusters'],
  async existing(names, context) {
    const clusters = await regionClusterNames(context);
    return new Set(names.filter((n) => clusters.has(n)));
  },
  removal: (name, region) =>
    `aws eks delete-cluster --region ${region} --name ${name} (after its node groups: aws eks list-nodegroups --region ${region} --cluster-name ${name})`,
};
