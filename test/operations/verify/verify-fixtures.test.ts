import { labWorkloads } from '../../../lib/plan/workload-inventory';
import { SCHEMA_KUBERNETES_VERSION, validateAgainstSchema } from '../../support/kubernetes-schema';
import type { K8sObject } from '../../support/render-k8s';
import { classConfig, labConfig } from '../../support/fixtures';
import { crashLooping, daemonSetShort, failedJob, pendingClaim, readyLab } from './lab-fixtures';

const NOW = new Date('2026-12-01T10:00:30Z');

/**
 * The fake API servers answer with these objects: they must be what a real API server could return,
 * so every fixture, broken ones included, is validated against the upstream OpenAPI schema.
 */
describe(`verify's fixtures are valid Kubernetes ${SCHEMA_KUBERNETES_VERSION} API objects`, () => {
  jest.setTimeout(60_000);

  test('a ready lab and every broken variant pass the schema', () => {
    const lab = readyLab(labConfig(), NOW);
    const variants = [
      lab,
      crashLooping(lab, 'catalog-mysql'),
      pendingClaim(lab, 'orders-postgresql'),
      daemonSetShort(lab, 'log-collector', 3),
      failedJob(lab, 'data-processor', NOW),
    ];
    // Objects a variant changed are validated once each (JSON identity), so the run stays short.
    const unique = [...new Map(variants.flat().map((o) => [JSON.stringify(o), o])).values()];
    const results = validateAgainstSchema(unique as unknown as K8sObject[]);
    expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
    expect(new Set(unique.map((o) => o.kind))).toEqual(new Set(['Node', 'PersistentVolumeClaim', 'Pod', ...labWorkloads(labConfig()).map((w) => w.kind)]));
  });

  test('the validator does reject a broken object (a StatefulSet without a selector)', () => {
    const sts = readyLab(classConfig(1), NOW).find((o) => o.kind === 'StatefulSet') as K8sObject & { spec: Record<string, unknown> };
    const [result] = validateAgainstSchema([{ ...sts, spec: { ...sts.spec, selector: undefined } } as unknown as K8sObject]);
    expect(result.errors.join()).toMatch(/selector/);
  });
});
