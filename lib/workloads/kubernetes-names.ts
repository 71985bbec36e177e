/**
 * Kubernetes name rules, checked when a construct is created (the API server would reject the
 * object only at deploy time, after the cluster has been paid for).
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why `name` is not an RFC 1123 label of at most `maxLength` characters, or undefined if it is. */
export function dns1123LabelProblem(name: string, maxLength = 63): string | undefined {
  if (name.length === 0 || name.length > maxLength) return `must be 1 to ${maxLength} characters`;
  if (!DNS1123_LABEL.test(name)) {
    return 'must be an RFC 1123 label: lower-case letters, digits and hyphens, starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `name` is not an RFC 1123 subdomain (most object names), or undefined if it is. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 253) return 'must be 1 to 253 characters';
  if (!name.split('.').every((label) => DNS1123_LABEL.test(label))) {
    return 'must be an RFC 1123 subdomain: dot-separated lower-case labels of letters, digits and hyphens';
  }
  return undefined;
}

/** Why `name` is not a valid port name (IANA_SVC_NAME), or undefined if it is. */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return 'must be 1 to 15 characters (IANA_SVC_NAME)';
  if (!IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return 'must be lower-case letters, digits and single hyphens, with at least one letter (IANA_SVC_NAME)';
  }
  return undefined;
}

/** Why `image` is not pinned to a tag or digest (or is pinned to `latest`), or undefined if it is pinned. */
export function imagePinProblem(image: string): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (tag === '') return 'must be pinned to a tag or digest';
  if (tag === 'latest') return 'must not use the floating tag latest';
  return undefined;
}

/** Throws `<owner>: <field> (<value>) <problem>` when `problem` is set. */
export function assertValid(owner: string, field: string, value: unknown, problem: string | undefined): void {
  if (problem) throw new Error(`${owner}: ${field} (${JSON.stringify(value)}) ${problem}`);
}
