import { kubernetesVersionWarning } from './eks-kubernetes-versions';
import type { ConfigSource } from './config-sources';
import type { LabConfig } from './lab-config';

/** Region variables of the AWS SDK and CLI: they never choose the lab's region, but the loader says when they differ. */
export const AWS_REGION_ENV_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/**
 * Non-fatal findings about a valid configuration.
 * @param budgetSet whether the configuration says `budget.enabled` itself (then no warning about the budget) */
export function configWarnings(config: LabConfig, today: Date, budgetSet: boolean): string[] {
  const warnings: string[] = [];
  const versionWarning = kubernetesVersionWarning(config.kubernetesVersion, today, config.expiresOn);
  if (versionWarning) warnings.push(versionWarning);
  if (config.publicAccessCidrs.includes('0.0.0.0/0')) {
    warnings.push(
      'publicAccessCidrs includes 0.0.0.0/0: the API endpoint is reachable from the whole internet (IAM still guards it); list your classroom CIDRs to narrow it',
    );
  }
  if (config.roster !== undefined && !config.budget.enabled && !budgetSet) {
    warnings.push(
      'budget.alertEmails is empty, so the class has no budget guard (an AWS Budgets alert when it still costs money after expiresOn): ' +
        'list addresses in budget.alertEmails, or set budget.enabled: false to say so',
    );
  }
  if (config.expiresOn !== undefined && config.expiresOn < today.toISOString().slice(0, 10)) {
    warnings.push(`expiresOn (${config.expiresOn}) is in the past: the lab's resources will carry an expires-on tag that says they may be removed`);
  }
  return warnings;
}

/** AWS_REGION / AWS_DEFAULT_REGION naming another region than the lab's: said, never followed. */
export function regionEnvWarnings(config: LabConfig, source: ConfigSource, env: Readonly<Record<string, string | undefined>>): string[] {
  const where = source.file === undefined ? 'the default; set region in lab.yaml to change it' : `from ${source.file}`;
  return AWS_REGION_ENV_VARS.filter((name) => env[name] !== undefined && env[name] !== '' && env[name] !== config.region).map(
    (name) =>
      `${name} (${env[name]}) in the environment differs from the lab's region ${config.region} (${where}): the lab uses ${config.region}; ` +
      'every command passes it explicitly, so the environment\'s region is not used',
  );
}

