import {
  controlPlaneLogging,
  ebsVolumesEncrypted,
  nodesRequireImdsv2,
  podRolesScopedToServiceAccounts,
  publicEndpointRestricted,
  workloadRolesLeastPrivilege,
} from './aws-rules';
import { Finding, GuardrailRule, Stacks } from './guardrail';
import { databaseIngressIsolated, kubernetesRbacLeastPrivilege, noLoadBalancers, podSecurity } from './kubernetes-rules';
import { noPlaintextSecrets } from './secret-rules';

export type { Finding, GuardrailRule, Severity, Stacks } from './guardrail';
export { formatFinding } from './guardrail';

/** Every guardrail, in the order findings are reported. */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  nodesRequireImdsv2,
  ebsVolumesEncrypted,
  controlPlaneLogging,
  publicEndpointRestricted,
  noPlaintextSecrets,
  workloadRolesLeastPrivilege,
  podRolesScopedToServiceAccounts,
  podSecurity,
  noLoadBalancers,
  databaseIngressIsolated,
  kubernetesRbacLeastPrivilege,
];

/** The rule with this id; throws for an unknown id. */
export function guardrail(id: string): GuardrailRule {
  const rule = GUARDRAIL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no guardrail ${id}; known: ${GUARDRAIL_RULES.map((r) => r.id).join(', ')}`);
  return rule;
}

/** Every finding of every rule over `stacks`. */
export function runGuardrails(stacks: Stacks): Finding[] {
  return GUARDRAIL_RULES.flatMap((rule) => rule.check(stacks));
}
