import { availabilityZonesCheck } from './checks/availability-zones-check';
import { deployerAccessCheck } from './checks/deployer-access-check';
import { eksClusterQuotaCheck } from './checks/eks-cluster-quota-check';
import { iamRoleQuotaCheck } from './checks/iam-role-quota-check';
import { instanceTypeOfferingsCheck } from './checks/instance-type-offerings-check';
import { elasticIpQuotaCheck } from './checks/elastic-ip-quota-check';
import { expiryDateCheck } from './checks/expiry-date-check';
import { nameCollisionCheck } from './checks/name-collision-check';
import { natGatewayQuotaCheck } from './checks/nat-gateway-quota-check';
import { participantPolicyCheck } from './checks/participant-policy-check';
import { principalsCheck } from './checks/principals-check';
import { stateCheck } from './checks/state-check';
import { vcpuQuotaCheck } from './checks/vcpu-quota-check';
import { vpcQuotaCheck } from './checks/vpc-quota-check';
import { eksClusterNames } from './collisions/eks-cluster-names';
import { iamRoleNames } from './collisions/iam-role-names';
import { kmsAliasNames } from './collisions/kms-alias-names';
import { launchTemplateNames } from './collisions/launch-template-names';
import { logGroupNames } from './collisions/log-group-names';
import type { PreflightCheck } from './preflight-check';

/** Every check of `npm run preflight`, in the order of the table. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  expiryDateCheck,
  availabilityZonesCheck,
  vcpuQuotaCheck,
  instanceTypeOfferingsCheck,
  vpcQuotaCheck,
  elasticIpQuotaCheck,
  natGatewayQuotaCheck,
  eksClusterQuotaCheck,
  iamRoleQuotaCheck,
  principalsCheck,
  deployerAccessCheck,
  ...[eksClusterNames, iamRoleNames, logGroupNames, kmsAliasNames, launchTemplateNames].map(nameCollisionCheck),
  stateCheck,
  participantPolicyCheck,
];
