/**
 * `npm run docs:config`: writes lab.schema.json (the JSON Schema editors use to complete and check
 * lab.yaml) and docs/configuration.md (the configuration reference) from the zod schema the loader
 * validates with, so neither can drift from it. test/config/config-reference.test.ts fails when the
 * committed files are not what this writes.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { AWS_REGIONS } from '../lib/config/aws-regions';
import { EKS_KUBERNETES_VERSIONS } from '../lib/config/eks-kubernetes-versions';
import { LOG_RETENTION_DAYS } from '../lib/config/lab-config';
import { labConfigSchema } from '../lib/config/lab-config-schema';
import { CONFIG_ENV_VARS, DEFAULT_CONFIG_FILE } from '../lib/config/load-lab-config';

/** A JSON Schema node, as far as this file reads it. */
interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  [keyword: string]: unknown;
}

/** Where the generated files go, relative to the project folder. */
export const GENERATED_FILES = { schema: 'lab.schema.json', reference: path.join('docs', 'configuration.md') } as const;

/**
 * The JSON Schema of lab.yaml: the zod schema's structure, types, bounds, patterns and defaults, plus
 * the closed sets the loader checks in refinements (regions, Kubernetes versions, log retention days),
 * taken from the same constants.
 */
export function labConfigJsonSchema(): SchemaNode {
  // zod-to-json-schema types its parameter with its own copy of zod's declarations; the value is the same zod 3 schema.
  const zodSchema = labConfigSchema as unknown as Parameters<typeof zodToJsonSchema>[0];
  const generated = zodToJsonSchema(zodSchema, { $refStrategy: 'none', target: 'jsonSchema7' }) as SchemaNode;
  const { $schema, ...body } = generated;
  const schema: SchemaNode = {
    $schema,
    title: 'EKS workshop lab configuration (lab.yaml)',
    description: `Generated from lib/config/lab-config.ts by npm run docs:config; do not edit. See ${GENERATED_FILES.reference}.`,
    ...body,
  };
  const properties = schema.properties ?? {};
  const regions = Object.keys(AWS_REGIONS);
  properties.region.enum = regions;
  (properties.state.properties ?? {}).region.enum = regions;
  properties.kubernetesVersion.enum = EKS_KUBERNETES_VERSIONS.map((v) => v.version);
  properties.logRetentionDays.enum = [...LOG_RETENTION_DAYS];
  return schema;
}

/** docs/configuration.md: every field of `schema` with its type, default and description. */
export function configurationReference(schema: SchemaNode): string {
  const rows = fieldRows(schema, '');
  const env = Object.entries(CONFIG_ENV_VARS)
    .map(([field, variable]) => (field === 'file' ? `- \`${variable}\`: path of a JSON or YAML file read instead of \`${DEFAULT_CONFIG_FILE}\`.` : `- \`${variable}\`: sets \`${field}\`.`))
    .join('\n');
  return `<!-- Generated from lib/config/lab-config.ts by \`npm run docs:config\`: do not edit by hand. -->
# Configuration reference

One typed configuration, validated before any stack is written; every problem is reported with the
field, the value and the rule (a misspelt field name gets a suggestion). Sources, lowest precedence
first: the built-in defaults, \`context.lab\` in \`cdktf.json\`, the file \`${DEFAULT_CONFIG_FILE}\` in the project
folder (or the file \`${CONFIG_ENV_VARS.file}\` names instead), then these environment variables:

${env}

Objects merge field by field; lists replace. Every command prints one line saying which configuration
it read. \`AWS_REGION\` and \`AWS_DEFAULT_REGION\` never choose the lab's region (a different one is
reported). Copy \`lab.example.yaml\` to \`${DEFAULT_CONFIG_FILE}\` to start; its first line points editors at
\`${GENERATED_FILES.schema}\`, so they complete and check the fields.

| field | type | default | meaning |
| --- | --- | --- | --- |
${rows.map((r) => `| \`${r.field}\` | ${r.type} | ${r.default} | ${r.description} |`).join('\n')}
`;
}

interface Row {
  readonly field: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

function fieldRows(node: SchemaNode, prefix: string): Row[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
    const field = prefix === '' ? name : `${prefix}.${name}`;
    const row: Row = { field, type: typeOf(child), default: defaultOf(child), description: escape(child.description ?? '') };
    if (child.properties !== undefined) return [row, ...fieldRows(child, field)];
    if (child.items?.properties !== undefined) return [row, ...fieldRows(child.items, `${field}[]`)];
    return [row];
  });
}

function typeOf(node: SchemaNode): string {
  if (node.enum !== undefined) return node.enum.length > 8 ? `one of ${node.enum.length} values` : node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object') return node.properties === undefined ? 'map of strings' : 'object';
  return String(node.type ?? 'any');
}

function defaultOf(node: SchemaNode): string {
  if (node.default === undefined || node.properties !== undefined) return '-';
  const text = JSON.stringify(node.default);
  return text.length > 40 ? 'see meaning' : `\`${text}\``;
}

/** Table-cell text: pipes escaped, and `<placeholders>` kept visible (Markdown would take them for HTML). */
function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The files `npm run docs:config` writes, by path relative to the project folder. */
export function generatedConfigFiles(): Record<string, string> {
  const schema = labConfigJsonSchema();
  return {
    [GENERATED_FILES.schema]: `${JSON.stringify(schema, null, 2)}\n`,
    [GENERATED_FILES.reference]: configurationReference(schema),
  };
}

if (require.main === module) {
  // Runs as dist/scripts/config-reference.js.
  const root = path.resolve(__dirname, '..', '..');
  for (const [file, text] of Object.entries(generatedConfigFiles())) {
    writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  }
}
