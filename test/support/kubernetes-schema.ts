import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { K8sObject } from './render-k8s';

/**
 * The maintained schema package the objects are validated with, and the Kubernetes version its
 * OpenAPI schema comes from. No maintained package ships the 1.35 schema: kubernetes-models 4.5 has
 * 1.33.0 and 5.x has 1.36.0 (its changelog); 1.36 is a superset of every version the lab offers
 * for the stable APIs the lab uses (apps/v1, batch/v1, v1, storage.k8s.io/v1, networking.k8s.io/v1).
 */
export const SCHEMA_PACKAGE = 'kubernetes-models-1.36';
export const SCHEMA_KUBERNETES_VERSION = '1.36.0';

/** One object's schema findings. */
export interface SchemaResult {
  readonly kind: string;
  readonly name: string;
  readonly errors: readonly string[];
}

/** Validates objects against the upstream OpenAPI schema (in a child process: the package is ESM-only). */
export function validateAgainstSchema(objects: readonly K8sObject[]): SchemaResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-k8s.mjs'), SCHEMA_PACKAGE], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '..', '..'),
  });
  return JSON.parse(out) as SchemaResult[];
}
