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
  // An IAM Identity Center user's access entry names the role the lab creates; the permission set's
  // role, which its trust policy names, must exist (IAM rejects a trust policy naming no principal).
  const participants = (config.roster?.participants ?? []).flatMap((p, i) => {
    if (!checked.has(p.id)) return [];
    if (p.ssoUser !== undefined) return [{ arn: p.ssoUser.permissionSetRoleArn, field: `roster.participants[${i}].ssoUser.permissionSetRoleArn`, role: `participant ${p.id}` }];
    return p.principalArn === undefined ? [] : [{ arn: p.principalArn, field: `roster.participants[${i}].principalArn`, role: `participant ${p.id}` }];
  });
  const instructors = (config.roster?.instructorPrincipalArns ?? []).map((arn, i) => ({ arn, field: `roster.instructorPrincipalArns[${i}]`, role: 'instructor' }));
  const admins = config.adminPrincipalArns.map((arn, i) => ({ arn, field: `adminPrincipalArns[${i}]`, role: 'admin' }));
  return [...participants, ...instructors, ...admins];
}
