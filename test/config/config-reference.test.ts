import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { parseLabConfig } from '../../lib/config/load-lab-config';
import { GENERATED_FILES, generatedConfigFiles, labConfigJsonSchema } from '../../scripts/config-reference';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the generated configuration schema and reference', () => {
  test('lab.schema.json and docs/configuration.md are what npm run docs:config writes (run it when this fails)', () => {
    for (const [file, text] of Object.entries(generatedConfigFiles())) {
      expect({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }).toEqual({ file, text });
    }
  });

  test('every field of the schema has a description, and the reference lists it', () => {
    const reference = generatedConfigFiles()[GENERATED_FILES.reference];
    const undocumented: string[] = [];
    const walk = (node: { properties?: Record<string, unknown>; items?: unknown }, prefix: string) => {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        const field = prefix === '' ? name : `${prefix}.${name}`;
        const c = child as { description?: string; properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } };
        if (!c.description) undocumented.push(field);
        expect(reference).toContain(`| \`${field}\` |`);
        if (c.properties) walk(c, field);
        if (c.items?.properties) walk(c.items, `${field}[]`);
      }
    };
    walk(labConfigJsonSchema(), '');
    expect(undocumented).toEqual([]);
  });

  /** The JSON Schema as an editor applies it, formats included (`email`). */
  const schemaValidator = () => addFormats(new Ajv({ allErrors: true, strict: false })).compile(labConfigJsonSchema());

  test.each(['lab.example.yaml', 'class.example.yaml'])('%s points editors at the schema and passes it and the loader', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./lab.schema.json');
    const example = parse(text) as Record<string, unknown>;
    const validate = schemaValidator();
    expect(validate(example) ? [] : validate.errors).toEqual([]);
    expect(() => parseLabConfig(example, new Date('2026-12-01T00:00:00Z'))).not.toThrow();
  });

  test('the schema rejects what the loader rejects by name: a misspelt field, a region that does not exist, an unknown version, an address that is not one', () => {
    const validate = schemaValidator();
    expect(validate({ nodegroup: { maxSize: 4 } })).toBe(false);
    expect(validate({ region: 'us-west-3' })).toBe(false);
    expect(validate({ kubernetesVersion: '1.29' })).toBe(false);
    expect(validate({ budget: { alertEmails: ['instructor-at-example.com'] } })).toBe(false);
    expect(validate({ nodeGroup: { maxSize: 4 }, region: 'eu-west-1' })).toBe(true);
  });
});
