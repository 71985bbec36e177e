import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Testing } from 'cdktf';
import { DaemonSetRolloutWait, DaemonSetRolloutWaitProps, KUBECTL_IMAGE } from '../../lib/workloads/daemon-set-rollout-wait';
import { StackJson, oneResource } from '../support/fixtures';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthWait(props: Partial<Omit<DaemonSetRolloutWaitProps, 'daemonSet'>> = {}): { wait: DaemonSetRolloutWait; json: StackJson; daemonSetId: string } {
  let wait: DaemonSetRolloutWait | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const daemonSet = new DaemonSetV1(scope, 'Ds', {
        metadata: { name: 'agent', namespace: 'kube-system' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { container: [{ name: 'a', image: 'busybox:1.36.1' }] } } },
      });
      wait = new DaemonSetRolloutWait(scope, 'Wait', { daemonSet, daemonSetName: 'agent', namespace: 'kube-system', ...props });
    }),
  ) as StackJson;
  const [daemonSetId] = oneResource(json, 'kubernetes_daemon_set_v1');
  return { wait: wait!, json, daemonSetId };
}

describe('DaemonSetRolloutWait', () => {
  test('defaults: an awaited Job after the DaemonSet, replaced with it, running kubectl rollout status with a timeout', () => {
    const { wait, json, daemonSetId } = synthWait();
    expect(wait.name).toBe('agent-rollout');
    expect(wait.timeoutSeconds).toBe(480);
    const [, job] = oneResource(json, 'kubernetes_job_v1');
    expect(job.wait_for_completion).toBe(true);
    expect(job.depends_on).toContain(`kubernetes_daemon_set_v1.${daemonSetId}`);
    // A plain address: Terraform's JSON syntax rejects "${...}" here.
    expect(job.lifecycle).toEqual({ replace_triggered_by: [`kubernetes_daemon_set_v1.${daemonSetId}`] });
    expect(job.timeouts).toEqual({ create: '660s', update: '660s' });
    const spec = job.spec as Spec;
    expect(spec).toMatchObject({ completions: 1, backoff_limit: 2, active_deadline_seconds: 540 });
    expect(spec.template.metadata.labels).toEqual({ app: 'agent-rollout' });
    const [container] = spec.template.spec.container;
    expect(container.image).toBe(KUBECTL_IMAGE);
    expect(KUBECTL_IMAGE).toBe('registry.k8s.io/kubectl:v1.35.9');
    expect(container.command).toEqual(['/bin/kubectl', 'rollout', 'status', 'daemonset/agent', '--namespace=kube-system', '--timeout=480s']);
    expect(container.security_context).toMatchObject({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
    expect(spec.template.spec.security_context).toMatchObject({ run_as_non_root: true, run_as_user: '65534' });
    // The provider says only "job ... is in failed state": kubectl's output becomes the failed pod's termination message.
    expect(container.termination_message_policy).toBe('FallbackToLogsOnError');
  });

  test("messageCommand prints each pod's termination message, and the troubleshooting guide gives it for the lab", () => {
    const { wait } = synthWait();
    expect(wait.messageCommand).toBe(
      `kubectl get pods -n kube-system -l job-name=agent-rollout -o jsonpath='{range .items[*]}{.metadata.name}{": "}{.status.containerStatuses[0].state.terminated.message}{"\\n"}{end}'`,
    );
    const guide = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'troubleshooting.md'), 'utf8');
    expect(guide).toContain('job: kube-system/log-collector-rollout is\n  in failed state');
    expect(guide).toContain(wait.messageCommand.replace('agent-rollout', 'log-collector-rollout'));
  });

  test('least privilege: its ServiceAccount may only get, list and watch that one DaemonSet', () => {
    const { json } = synthWait();
    const [roleId, role] = oneResource(json, 'kubernetes_role_v1');
    expect(role.rule).toEqual([{ api_groups: ['apps'], resources: ['daemonsets'], resource_names: ['agent'], verbs: ['get', 'list', 'watch'] }]);
    const [accountId] = oneResource(json, 'kubernetes_service_account_v1');
    const [, binding] = oneResource(json, 'kubernetes_role_binding_v1');
    expect(binding.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: `\${kubernetes_role_v1.${roleId}.metadata[0].name}` });
    expect(binding.subject).toEqual([{ kind: 'ServiceAccount', name: `\${kubernetes_service_account_v1.${accountId}.metadata[0].name}`, namespace: 'kube-system' }]);
  });

  test('overrides: timeout and image', () => {
    const { json } = synthWait({ timeoutSeconds: 120, image: 'registry.k8s.io/kubectl:v1.36.0' });
    const [, job] = oneResource(json, 'kubernetes_job_v1');
    const [container] = (job.spec as Spec).template.spec.container;
    expect(container.command).toContain('--timeout=120s');
    expect(container.image).toBe('registry.k8s.io/kubectl:v1.36.0');
    expect((job.spec as Spec).active_deadline_seconds).toBe(180);
  });

  test.each<[string, Partial<DaemonSetRolloutWaitProps>, RegExp]>([
    ['a timeout under 30 s', { timeoutSeconds: 10 }, /DaemonSetRolloutWait agent: timeoutSeconds \(10\) must be a whole number of seconds from 30 to 1800/],
    ['a fractional timeout', { timeoutSeconds: 90.5 }, /timeoutSeconds \(90.5\) must be a whole number/],
    ['an unpinned image', { image: 'registry.k8s.io/kubectl' }, /image \("registry.k8s.io\/kubectl"\) must be pinned to a tag or digest/],
    ['a DaemonSet name too long for the Job name', { daemonSetName: 'a'.repeat(56) }, /daemonSetName \("a{56}"\) must be 1 to 55 characters/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => synthWait(props)).toThrow(message);
  });
});
