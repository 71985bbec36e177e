import { StackJson } from '../support/fixtures';
import { GuardrailRule, Report, isExpression, perStack, referencesIn, resourcesOfTypes } from './guardrail';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

/** Keys (lower-cased, letters and digits only) that hold a secret: `password`, `client_secret`, `MYSQL_ROOT_PASSWORD`. */
const SECRET_KEY = /(password|passwd|passphrase|secret|secretkey|secretaccesskey|token|apikey|privatekey)$/;

/** Environment variable names that carry a secret (not `*_FILE`, which names a file holding it). */
const SECRET_ENV = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)/i;

/** Attributes whose value is secret, as `type.attribute-prefix` patterns of a reference. */
const SENSITIVE_ATTRIBUTES: ReadonlyArray<[string, RegExp]> = [
  ['random_password', /^(result|bcrypt_hash)/],
  ['kubernetes_secret_v1', /^data/],
  ['kubernetes_secret', /^data/],
  ['tls_private_key', /^private_key/],
  ['aws_iam_access_key', /^(secret|ses_smtp_password)/],
  ['aws_secretsmanager_secret_version', /^secret_(string|binary)/],
  ['aws_db_instance', /^password/],
  ['aws_rds_cluster', /^master_password/],
];

const looksSecret = (key: string) => SECRET_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
const isSecretEnv = (name: unknown) => typeof name === 'string' && SECRET_ENV.test(name) && !/_FILE$/i.test(name);
const isLiteral = (value: unknown) => typeof value === 'string' && value !== '' && !isExpression(value);

/**
 * Visits every key/value pair of a JSON value with its path (array items as `key[i]`), parsing
 * strings that hold JSON objects (add-on configuration, policies) and skipping cdktf's `//` metadata.
 */
function walk(value: unknown, visit: (path: readonly string[], key: string, value: unknown) => void, path: readonly string[] = []): void {
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      walk(JSON.parse(value), visit, path);
    } catch {
      // Not JSON after all (an HCL expression): nothing inside to visit.
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const at = [...path.slice(0, -1), `${path[path.length - 1] ?? ''}[${i}]`];
      visit(at, path[path.length - 1] ?? '', item);
      walk(item, visit, at);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '//') continue;
      visit([...path, key], key, inner);
      walk(inner, visit, [...path, key]);
    }
  }
}

/** The Terraform address a path of the stack JSON lies in, and the field path inside it. */
function locate(path: readonly string[]): { address: string; field: string } {
  const [section, a, b] = path;
  if (section === 'resource') return { address: `${a}.${b}`, field: path.slice(3).join('.') };
  if (section === 'data') return { address: `data.${a}.${b}`, field: path.slice(3).join('.') };
  return { address: [section, a].filter(Boolean).join('.'), field: path.slice(2).join('.') };
}

/** Secret data of a Secret resource or manifest: `{ field, data }` pairs. */
function secretData(resourceType: string, block: Record<string, any>): Array<[string, Record<string, unknown>]> {
  if (resourceType === 'kubernetes_manifest') {
    if (block.manifest?.kind !== 'Secret') return [];
    return (['data', 'stringData'] as const).filter((f) => block.manifest[f]).map((f) => [`manifest.${f}`, block.manifest[f]]);
  }
  return (['data', 'binary_data'] as const).filter((f) => block[f]).map((f) => [f, block[f]]);
}

function checkStack(stack: StackJson, report: Report): void {
  const secretPaths = new Set<string>();
  for (const r of resourcesOfTypes(stack, 'kubernetes_secret_v1', 'kubernetes_secret', 'kubernetes_manifest')) {
    for (const [field, data] of secretData(r.type, r.block)) {
      for (const [key, value] of Object.entries(data)) {
        secretPaths.add(['resource', r.type, r.id, ...field.split('.'), key].join('.'));
        if (!isLiteral(value)) continue;
        if (looksSecret(key)) report('error', r.address, `Secret ${field}.${key} is a literal string; generate it (random_password) and reference it`);
        else report('warning', r.address, `Secret ${field}.${key} is a literal string (${JSON.stringify(value)}); fine for a non-secret such as a user name, never for a credential`);
      }
    }
  }

  walk(stack, (path, key, value) => {
    const { address, field } = locate(path);
    if (!Array.isArray(value) && isLiteral(value) && looksSecret(key) && !secretPaths.has(path.join('.'))) {
      report('error', address, `${field} is a literal string; a secret must be generated or come from outside the configuration`);
    }
    // An item of a container's `env` list whose name looks secret.
    const last = path[path.length - 1] ?? '';
    if (/^env\[\d+\]$/.test(last) && value !== null && typeof value === 'object' && isSecretEnv((value as Record<string, unknown>).name)) {
      const env = value as Record<string, any>;
      const from = env.value_from ?? env.valueFrom;
      const source = Array.isArray(from) ? from[0] : from;
      if (env.value !== undefined || !(source?.secret_key_ref ?? source?.secretKeyRef)) {
        const actual = env.value !== undefined ? 'a value in the pod spec' : JSON.stringify(from);
        report('error', address, `${field}: env ${env.name} must come from a Secret (value_from.secret_key_ref), not ${actual}`);
      }
    }
  });

  for (const [name, output] of Object.entries(stack.output ?? {})) {
    const sensitiveRefs = referencesIn(JSON.stringify(output.value ?? '')).filter((r) =>
      SENSITIVE_ATTRIBUTES.some(([type, attribute]) => r.type === type && attribute.test(r.attribute)),
    );
    const sensitive = (output as { sensitive?: boolean }).sensitive === true;
    if (looksSecret(name) && isLiteral(output.value)) {
      report('error', `output.${name}`, 'is a literal secret in the configuration');
    } else if ((sensitiveRefs.length > 0 || looksSecret(name)) && !sensitive) {
      const why = sensitiveRefs.length > 0 ? `exposes ${sensitiveRefs.map((r) => `${r.address}.${r.attribute}`).join(', ')}` : 'has a secret-looking name';
      report('error', `output.${name}`, `${why} but is not sensitive = true`);
    }
  }
}

/**
 * No plaintext secret anywhere in the synthesized JSON: Secret data comes from Terraform references
 * (a literal is an error under a secret-looking key, a warning otherwise, e.g. a user name), any
 * key such as `password`, `client_secret` or `token` holds a reference and not a literal (also inside
 * JSON-encoded arguments), container env vars named like PASSWORD/SECRET/TOKEN come from
 * `value_from.secret_key_ref`, and outputs that expose a secret are `sensitive`.
 */
export const noPlaintextSecrets: GuardrailRule = {
  id: 'no-plaintext-secrets',
  description: 'Secrets are references (random_password, data sources), env secrets come from Secrets, secret outputs are sensitive',
  check: (stacks) => perStack('no-plaintext-secrets', stacks, checkStack),
};
