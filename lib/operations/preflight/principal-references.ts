import type { LabConfig } from '../../config/lab-config';
import type { LabEnvironment } from '../../plan/lab-environment';

/** One place the configuration names an IAM principal. */
export interface PrincipalReference {
  /** The ARN as configured. */
  readonly arn: string;
  /** The field that names it, e.g. `roster.participants[0].principalArn`. */
  readonly field: string;
  /** Who it is, e.g. `participant alice`, `instructor`, `admin`. */
  readonly role: string;
}

/**
 * Every principal the checked labs create access entries for, in configuration order: the checked
 * participants, the instructors and `adminPrincipalArns`.
 */
export function principalReferences(config: LabConfig, environments: readonly LabEnvironment[]): PrincipalReference[] {
  const checked = new Set(environments.map((e) => e.participant?.id).filter((id) => id !== undefined));
  const participants = (config.roster?.participants ?? []).flatMap((p, i) =>
    checked.has(p.id) ? [{ arn: p.principalArn, field: `roster.participants[${i}].principalArn`, role: `participant ${p.id}` }] : [],
  );
  const instructors = (config.roster?.instructorPrincipalArns ?? []).map((arn, i) => ({ arn, field: `roster.instructorPrincipalArns[${i}]`, role: 'instructor' }));
  const admins = config.adminPrincipalArns.map((arn, i) => ({ arn, field: `adminPrincipalArns[${i}]`, role: 'admin' }));
  return [...participants, ...instructors, ...admins];
}
