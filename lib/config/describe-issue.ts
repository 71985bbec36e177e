import { z } from 'zod';
import { didYouMean } from './did-you-mean';
import { labConfigSchema } from './lab-config-schema';

/**
 * How a rejected field is reported: `<field> (<value>) <rule>`, with the nearest known field names
 * for an unknown one.
 */

/** One sentence per problem zod found, each naming the field, the value and the rule. */
export function describeIssue(issue: z.ZodIssue, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownFieldsAt(issue.path);
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      return `${fieldName([...issue.path, key])}: unknown field (${suggestion ?? 'check its spelling against docs/configuration.md'})`;
    });
  }
  const field = fieldName(issue.path);
  const value = valueAt(input, issue.path);
  // zod calls Infinity a float; name it, so `.inf` is not reported as "a fraction".
  const received = typeof value === 'number' && !Number.isFinite(value) ? String(value) : undefined;
  const rule =
    issue.code === 'invalid_type' ? `must be ${typeName(issue.expected)}, not ${received ?? typeName(issue.received)}${quoteHint(issue, value)}` : issue.message;
  return [`${field} (${show(value)}) ${rule}`];
}

/** The field names the schema allows at `issuePath` (array indices skipped), for "did you mean" hints. */
function knownFieldsAt(issuePath: readonly PropertyKey[]): string[] {
  let schema: z.ZodTypeAny = labConfigSchema;
  const unwrap = (s: z.ZodTypeAny): z.ZodTypeAny => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) return unwrap(s._def.innerType);
    if (s instanceof z.ZodEffects) return unwrap(s._def.schema);
    return s;
  };
  for (const part of issuePath) {
    schema = unwrap(schema);
    if (typeof part === 'number' && schema instanceof z.ZodArray) schema = schema.element;
    else if (typeof part === 'string' && schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodTypeAny>)[part];
    if (schema === undefined) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

/**
 * For a number where a string belongs: how to write it. YAML reads an unquoted `1.30` as the number
 * 1.3 and `2026` as a number, so the fix is quotes, with the value as the instructor probably typed it.
 */
function quoteHint(issue: z.ZodInvalidTypeIssue, value: unknown): string {
  if (issue.expected !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) return '';
  const field = issue.path[issue.path.length - 1];
  if (field === 'kubernetesVersion') {
    const typed = Number.isInteger(value * 10) ? value.toFixed(2) : String(value);
    return `: quote it, kubernetesVersion: "${typed}" (YAML reads an unquoted 1.30 as the number 1.3)`;
  }
  // Account ids are digits; unquoted, YAML reads one as a number (and drops a leading zero).
  if (field === 'accountId') return `: quote it, accountId: "${String(value).padStart(12, '0')}"`;
  return '';
}

function typeName(type: string): string {
  const names: Record<string, string> = { integer: 'a whole number', float: 'a fraction', array: 'a list', object: 'an object', nan: 'NaN' };
  return names[type] ?? (type === 'undefined' || type === 'null' ? type : `a ${type}`);
}

export function fieldName(issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '(configuration)';
  return issuePath
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function valueAt(input: unknown, issuePath: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of issuePath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** A value as the messages quote it: JSON, shortened to 80 characters; `missing` for undefined. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  // JSON.stringify writes null for these; YAML's .inf and .nan (or 1e400 in JSON) produce them.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

