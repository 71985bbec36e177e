import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RetailApplication } from '../../lib/config/lab-config';
import { learnerAccess, learnerPages, learnerPathMarkdown, StepAction } from '../../lib/fleet/learner-path';
import { CATALOG_CLEANUP, DATA_PROCESSOR, scriptOutput, scriptSeconds } from '../../lib/plan/batch-workloads';
import { IMAGE_PINS, pinnedImage } from '../../lib/plan/image-pins';
import { LEARNER_PATH_FILE, learnerPathReference } from '../../scripts/learner-path';
import { awaitedAddresses } from '../support/deploy-waits';
import { labConfig, planOf, synthLab } from '../support/fixtures';
import { KubectlView } from '../support/kubectl';
import { K8sObject, renderKubernetesObjects } from '../support/render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

const ROOT = path.resolve(__dirname, '..', '..');
const plan = planOf(labConfig());
const pages = learnerPages(plan);
const steps = pages.flatMap((p) => p.steps.map((s) => ({ page: p.title, ...s })));
const stack = synthLab()['eks-workshop-workloads'];
const rendered = renderKubernetesObjects(stack);
const find = (kind: string, name: string): K8sObject | undefined => rendered.find((r) => r.object.kind === kind && r.object.metadata.name === name)?.object;
const noteOf = (page: string, command: string, nth = 0) => steps.filter((s) => s.page === page && s.command === command)[nth].note;

describe('the learner path', () => {
  test('docs/learner-path.md is what npm run docs:learner writes (run it when this fails)', () => {
    expect(readFileSync(path.join(ROOT, LEARNER_PATH_FILE), 'utf8')).toBe(learnerPathReference());
  });

  test("the three pages of the module, each step in the page's order: every deploy step skipped with its reason, every other run", () => {
    expect(pages.map((p) => [p.title, p.url])).toEqual([
      ['StatefulSets', 'https://www.eksworkshop.com/docs/introduction/basics/workload-management/statefulsets'],
      ['DaemonSets', 'https://www.eksworkshop.com/docs/introduction/basics/workload-management/daemonsets'],
      ['Jobs & CronJobs', 'https://www.eksworkshop.com/docs/introduction/basics/workload-management/jobs'],
    ]);
    const skipped = steps.filter((s) => s.action === StepAction.SKIP);
    expect(skipped.map((s) => s.command)).toEqual([
      'kubectl apply -k ~/environment/eks-workshop/base-application/catalog/',
      'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/daemonsets/log-collector.yaml',
      'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/jobs/data-processing-job.yaml',
      'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/jobs/catalog-cleanup.yaml',
    ]);
    for (const step of skipped) expect(step.note).toMatch(/path does not exist/);
    expect(steps.filter((s) => s.action === StepAction.RUN && /kubectl (apply|create -f)/.test(s.command))).toEqual([]);
    // What each deploy step would break, as issue 22 reports it.
    expect(skipped[0].note).toMatch(/overwrites the Secret `catalog-db`.*"Access denied".*rolls the catalog back.*`value` and `valueFrom` both set/);
    expect(skipped[1].note).toMatch(/a second container `fluentd`/);
    expect(skipped[2].note).toMatch(/"field is immutable"/);
    expect(skipped[3].note).toMatch(/a second container `cleanup` running `busybox:1\.36`/);
  });

  test('every object a step names exists in the lab as deployed', () => {
    for (const [kind, name] of [
      ['StatefulSet', 'catalog-mysql'],
      ['Service', 'catalog-mysql-headless'],
      ['DaemonSet', 'log-collector'],
      ['Job', 'log-collector-rollout'],
      ['Job', DATA_PROCESSOR.name],
      ['CronJob', CATALOG_CLEANUP.name],
      ['Deployment', 'catalog'],
    ]) {
      expect([kind, name, find(kind, name)?.metadata.name]).toEqual([kind, name, name]);
    }
    expect((find('DaemonSet', 'log-collector')!.spec as any).template.metadata.labels).toEqual({ app: 'log-collector' });
    expect((find('ConfigMap', 'catalog')!.data as any).RETAIL_CATALOG_PERSISTENCE_ENDPOINT).toBe('catalog-mysql-0.catalog-mysql-headless.catalog.svc:3306');
    expect(noteOf('StatefulSets', 'kubectl scale statefulset -n catalog catalog-mysql --replicas=3')).toContain('`catalog-mysql-0.catalog-mysql-headless.catalog.svc`');
  });

  test("the scripts' output and run time, the images and the CronJob's settings are what the lab runs", () => {
    const markdown = learnerPathMarkdown(plan, learnerAccess(plan)[0]);
    for (const line of [...scriptOutput(DATA_PROCESSOR.script), ...scriptOutput(CATALOG_CLEANUP.script)]) expect(markdown).toContain(`   ${line}\n`);
    const seconds = scriptSeconds(CATALOG_CLEANUP.script);
    expect(noteOf('Jobs & CronJobs', "kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l job-name=manual-cleanup -n catalog --timeout=60s")).toContain(`about ${seconds} s`);
    const cron = find('CronJob', CATALOG_CLEANUP.name)!.spec as any;
    const describe = noteOf('Jobs & CronJobs', 'kubectl describe cronjob catalog-cleanup -n catalog');
    expect(describe).toContain(`Concurrency Policy is \`${cron.concurrencyPolicy}\``);
    expect(describe).toContain(`Starting Deadline Seconds is \`${cron.startingDeadlineSeconds}s\``);
    expect(describe).toContain(`image \`${cron.jobTemplate.spec.template.spec.containers[0].image}\``);
    expect(cron.jobTemplate.spec.template.spec.containers[0].image).toBe(pinnedImage(IMAGE_PINS.busybox));
    expect(noteOf('Jobs & CronJobs', 'kubectl get cronjobs -n catalog')).toMatch(/LAST SCHEDULE is less than a minute ago, not `<none>`/);
    expect(noteOf('DaemonSets', 'kubectl get pods -n kube-system -l app=log-collector -o wide')).toMatch(/Completed pod `log-collector-rollout-<id>`/);
  });

  test("log-collector's DESIRED is the lab's node count, as kubectl shows it after deploy", () => {
    for (const desiredSize of [3, 4]) {
      const config = labConfig({ labName: `nodes${desiredSize}`, nodeGroup: { minSize: desiredSize, desiredSize, maxSize: 6 } });
      const workloads = synthLab(config)[`${config.labName}-workloads`];
      const view = new KubectlView(renderKubernetesObjects(workloads), awaitedAddresses(workloads), config).daemonSets('kube-system');
      const desired = /^log-collector\s+(\d+)\s+\d+\s+(\d+)/m.exec(view)!;
      expect([desired[1], desired[2]]).toEqual([String(desiredSize), String(desiredSize)]);
      expect(learnerPages(planOf(config))[1].steps[1].note).toContain(`DESIRED = READY = ${desiredSize}, your lab's nodes`);
    }
  });

  test('a lab without the store says nothing of the catalog service', () => {
    const small = learnerPages(planOf(labConfig({ application: RetailApplication.DATA_STORES })));
    const text = JSON.stringify(small);
    expect(text).not.toMatch(/catalog service|the store keeps working|product pages/i);
    expect(small[0].steps[4].note).toContain('Only `catalog-mysql-0` holds the catalog database.');
  });
});
