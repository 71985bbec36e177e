import { RetailApplication } from '../config/lab-config';
import { CATALOG_CLEANUP, DATA_PROCESSOR, scriptOutput, scriptSeconds } from '../plan/batch-workloads';
import { IMAGE_PINS, pinnedImage, pinnedVersion } from '../plan/image-pins';
import { LabEnvironment, SSO_PROFILE_PLACEHOLDER } from '../plan/lab-environment';
import type { LabPlan } from '../plan/lab-plan';
import { fleetCommands, shellLine } from './fleet-commands';

/** What the learner does with one command of a workshop page. */
export enum StepAction {
  /** Do not run it: the lab already deployed what it deploys, and running it would break or change that. */
  SKIP = 'skip',
  /** Run it as the page writes it. */
  RUN = 'run',
}

/** One command of a workshop page, and what the learner does with it on this lab. */
export interface LearnerStep {
  /** Skip it or run it. */
  readonly action: StepAction;
  /** The command exactly as the page writes it (without the `$` prompt). */
  readonly command: string;
  /** Why to skip it; or, for a step to run, what the lab shows that the page does not (empty: as the page). */
  readonly note: string;
  /** What the lab prints, when it differs from the page. @default - as the page */
  readonly output?: readonly string[];
}

/** One page of the workshop's Kubernetes workloads module. */
export interface LearnerPage {
  /** The page's title. */
  readonly title: string;
  /** The page's address. */
  readonly url: string;
  /** Its commands, in the page's order. */
  readonly steps: readonly LearnerStep[];
  /** Notes on the page's text that are not a command. @default [] */
  readonly notes?: readonly string[];
}

/** Where the module's pages live on the workshop's site. */
const WORKSHOP_PAGES = 'https://www.eksworkshop.com/docs/introduction/basics/workload-management';

const skip = (command: string, note: string): LearnerStep => ({ action: StepAction.SKIP, command, note });
const run = (command: string, note = '', output?: readonly string[]): LearnerStep => ({ action: StepAction.RUN, command, note, ...(output ? { output } : {}) });

/**
 * The learner's path through the three pages of the workshop's Kubernetes workloads module
 * (StatefulSets, DaemonSets, Jobs & CronJobs) on a lab this project deployed: for each command of a
 * page, whether to skip it (the lab already runs what it deploys, and why running it would break
 * that) or run it as written, and what the lab shows that the page does not. Computed from the plan
 * (node count, application, add-ons) and from the plain data the workloads are built from (image
 * pins, the Job's and the CronJob's settings and scripts), so it says what the deployed lab does.
 *
 * @see https://github.com/aws-samples/eks-workshop-v2/tree/main/website/docs/introduction/basics/workload-management
 */
export function learnerPages(plan: LabPlan): LearnerPage[] {
  const store = plan.config.application === RetailApplication.STORE;
  const nodes = plan.nodeGroup.desiredSize;
  const cleanupSeconds = scriptSeconds(CATALOG_CLEANUP.script);
  const addOnDaemonSets = plan.addOns.flatMap((a) => a.pods.filter((p) => p.perNode).map((p) => `\`${p.name}\``)).sort();
  const busybox = `\`${pinnedImage(IMAGE_PINS.busybox)}\``;

  const statefulSets: LearnerPage = {
    title: 'StatefulSets',
    url: `${WORKSHOP_PAGES}/statefulsets`,
    steps: [
      skip(
        'kubectl apply -k ~/environment/eks-workshop/base-application/catalog/',
        `The lab deployed \`catalog-mysql\`${store ? ' and the catalog' : ''} already. Without the workshop's files (they come with its own IDE) ` +
          'the command fails with "path does not exist"; where they exist it does harm: it overwrites the Secret `catalog-db` with the workshop\'s literal password, ' +
          'which MySQL, initialized with the lab\'s generated one, refuses ("Access denied")' +
          (store ? ', rolls the catalog back to the workshop\'s older image, and the store\'s product pages stay down' : '') +
          '; its StatefulSet is rejected (`value` and `valueFrom` both set for `MYSQL_ROOT_PASSWORD`).',
      ),
      run('kubectl get statefulset -n catalog', '`catalog-mysql` is `1/1`; AGE is the time since your lab was deployed, not 2m.'),
      run(
        'kubectl get pods -n catalog',
        'Besides `catalog-mysql-0`: ' +
          (store ? 'the catalog service (`catalog-<id>`, Running), ' : '') +
          `\`${DATA_PROCESSOR.name}-<id>\` (Completed: the Job ran when the lab was deployed) and the pods of the CronJob's last runs, ` +
          `\`${CATALOG_CLEANUP.name}-<number>-<id>\` (Completed, or Running during the about ${cleanupSeconds} s each run takes).`,
      ),
      run(
        'kubectl describe statefulset -n catalog catalog-mysql',
        `MySQL ${pinnedVersion(IMAGE_PINS.mysql)} (the workshop: 8.0), its environment from the Secrets \`catalog-db\` and \`catalog-mysql-root\`, ` +
          `the engine's probes, and Volume Claims: \`data\`, ${plan.config.databaseVolumeGiB}Gi, StorageClass gp3 (the workshop's StatefulSet uses an emptyDir and has none).`,
      ),
      run(
        'kubectl scale statefulset -n catalog catalog-mysql --replicas=3',
        'Each new replica takes 1-2 minutes to become Ready, not the 25-30 s the page shows: an EBS volume is created in the zone of the node the pod ' +
          'lands on and attached, then MySQL initializes an empty data directory before its startup probe passes; `catalog-mysql-2` starts only once ' +
          '`catalog-mysql-1` is Ready. Watch with `kubectl get pods -n catalog -l app.kubernetes.io/component=mysql -w` (Ctrl-C stops it). ' +
          'The new replicas are independent, empty MySQL servers: nothing replicates. ' +
          (store
            ? 'The store keeps working: the catalog connects to `catalog-mysql-0` by its stable name, `catalog-mysql-0.catalog-mysql-headless.catalog.svc`, never to the new replicas.'
            : 'Only `catalog-mysql-0` holds the catalog database.'),
      ),
      run('kubectl get pods -n catalog', 'Run it again after a minute or two to see the replicas come up one after the other. `kubectl get pvc -n catalog` shows a claim per replica.'),
      run(
        'kubectl scale statefulset -n catalog catalog-mysql --replicas=1',
        'The claims `data-catalog-mysql-1` and `data-catalog-mysql-2` stay (`whenScaled: Retain`): scaling up again reuses them, and their EBS volumes ' +
          'are billed. When you are done: `kubectl delete pvc -n catalog data-catalog-mysql-1 data-catalog-mysql-2`.',
      ),
    ],
  };

  const daemonSets: LearnerPage = {
    title: 'DaemonSets',
    url: `${WORKSHOP_PAGES}/daemonsets`,
    steps: [
      skip(
        'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/daemonsets/log-collector.yaml',
        `\`log-collector\` already runs on every node (AWS for Fluent Bit ${pinnedVersion(IMAGE_PINS.fluentBit)}, reading \`/var/log\`). ` +
          'Without the workshop\'s files the command fails ("path does not exist"); with them it merges into the lab\'s DaemonSet: a second container ' +
          '`fluentd` on the floating tag `stable` next to the lab\'s `fluent-bit`, and a volume for `/var/lib/docker/containers`, which the lab\'s ' +
          'nodes (AL2023, containerd) do not have.',
      ),
      run(
        'kubectl get daemonset -n kube-system',
        `\`log-collector\` shows DESIRED = READY = ${nodes}, your lab's nodes. The EKS add-ons' DaemonSets are listed too: ${addOnDaemonSets.join(', ')} ` +
          '(an add-on may also list one for Windows nodes, with DESIRED 0). A DESIRED below the number of nodes means a node is not Ready: tell your instructor.',
      ),
      run(
        'kubectl get pods -n kube-system -l app=log-collector -o wide',
        `One pod per node, as on the page. Without the label selector, \`kubectl get pods -n kube-system\` also shows a Completed pod \`log-collector-rollout-<id>\`: ` +
          'the Job with which the lab\'s deploy waited until `log-collector` ran on every node. It is harmless and stays until the lab is deployed again.',
      ),
    ],
    notes: ['The `nodeSelector` and `nodeAffinity` snippets under "Node Selection" are examples to read, not to apply.'],
  };

  const manualJob = 'manual-cleanup';
  const jobs: LearnerPage = {
    title: 'Jobs & CronJobs',
    url: `${WORKSHOP_PAGES}/jobs`,
    steps: [
      skip(
        'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/jobs/data-processing-job.yaml',
        `The Job \`${DATA_PROCESSOR.name}\` ran to completion when the lab was deployed. Without the workshop's files the command fails ("path does not exist"); ` +
          'with them it fails with "field is immutable": a Job\'s pod template cannot change.',
      ),
      run('kubectl get jobs -n catalog', `Also lists the jobs of the CronJob's last runs, \`${CATALOG_CLEANUP.name}-<number>\` (up to ${CATALOG_CLEANUP.successfulJobsHistoryLimit}).`),
      run(`kubectl get pods -n catalog -l job-name=${DATA_PROCESSOR.name}`),
      run(`kubectl wait --for=condition=complete --timeout=60s job/${DATA_PROCESSOR.name} -n catalog`, `Returns at once: \`job.batch/${DATA_PROCESSOR.name} condition met\`.`),
      run(`kubectl logs -n catalog job/${DATA_PROCESSOR.name}`, "The lab's script prints:", scriptOutput(DATA_PROCESSOR.script)),
      run(
        `kubectl describe job -n catalog ${DATA_PROCESSOR.name}`,
        `The container is \`${DATA_PROCESSOR.name}\` (the page: \`processor\`), image ${busybox} (the page: \`busybox:1.36\`, no longer rebuilt), ` +
          `the lab's script, a scratch volume at \`${DATA_PROCESSOR.scratchPath}\`, and it runs as an unprivileged user with a read-only root filesystem.`,
      ),
      skip(
        'kubectl apply -f ~/environment/eks-workshop/modules/introduction/basics/jobs/catalog-cleanup.yaml',
        `The CronJob \`${CATALOG_CLEANUP.name}\` has run every minute since the lab was deployed. Without the workshop's files the command fails ("path does not exist"); ` +
          `with them it adds a second container \`cleanup\` running \`busybox:1.36\` from Docker Hub (no longer rebuilt) next to the lab's \`${CATALOG_CLEANUP.name}\`, ` +
          'so every run then runs both scripts.',
      ),
      run(
        'kubectl get cronjobs -n catalog',
        'LAST SCHEDULE is less than a minute ago, not `<none>`: the CronJob has been running since your lab was deployed. TIMEZONE is UTC. ' +
          `ACTIVE is 1 while a run is in progress, about ${cleanupSeconds} s of every minute.`,
      ),
      run(`kubectl create job --from=cronjob/${CATALOG_CLEANUP.name} ${manualJob} -n catalog`),
      run('kubectl get jobs -n catalog', `\`${manualJob}\` is Running, 0/1, among \`${DATA_PROCESSOR.name}\` and the \`${CATALOG_CLEANUP.name}-<number>\` jobs.`),
      run(
        `kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l job-name=${manualJob} -n catalog --timeout=60s`,
        `The pod runs for about ${cleanupSeconds} s: run this within that time of creating the job, as the page's order of commands does. ` +
          'It prints `pod/manual-cleanup-<id> condition met`.',
      ),
      run(
        `kubectl logs job/${manualJob} -n catalog`,
        'While the pod runs, this shows the lines printed so far; `kubectl logs -f job/manual-cleanup -n catalog` follows it to the end. The whole output:',
        scriptOutput(CATALOG_CLEANUP.script),
      ),
      run('kubectl get cronjobs -n catalog', 'LAST SCHEDULE is under a minute, as it was before.'),
      run(
        'kubectl get jobs -n catalog',
        `The \`${CATALOG_CLEANUP.name}-<number>\` jobs and \`${manualJob}\` show a DURATION of about ${cleanupSeconds + 5} s (the page: 9-10 s).`,
      ),
      run('kubectl get jobs -n catalog | grep catalog-cleanup', `Up to ${CATALOG_CLEANUP.successfulJobsHistoryLimit} jobs, as the page says.`),
      run(`kubectl get job ${manualJob} -n catalog -o yaml | grep -A 5 ownerReferences`),
      run(`kubectl delete job ${manualJob} -n catalog`),
      run(
        `kubectl describe cronjob ${CATALOG_CLEANUP.name} -n catalog`,
        `Concurrency Policy is \`${CATALOG_CLEANUP.concurrencyPolicy}\` (the page: Allow): a run does not start while the previous one still runs. ` +
          `Starting Deadline Seconds is \`${CATALOG_CLEANUP.startingDeadlineSeconds}s\` (the page: \`<unset>\`): a run that cannot start within ` +
          `${CATALOG_CLEANUP.startingDeadlineSeconds} s of its minute (while the CronJob is suspended, say) is skipped, never started late. ` +
          `The container is \`${CATALOG_CLEANUP.name}\` (the page: \`cleanup\`), image ${busybox}, with the lab's script.`,
      ),
      run(`kubectl get events -n catalog --field-selector involvedObject.name=${CATALOG_CLEANUP.name}`),
      run(
        `kubectl patch cronjob ${CATALOG_CLEANUP.name} -n catalog -p '{"spec":{"suspend":true}}'`,
        'SUSPEND turns True; a run already in progress still finishes, so ACTIVE may stay 1 for a few more seconds.',
      ),
      run('kubectl get cronjobs -n catalog'),
      run(
        `kubectl patch cronjob ${CATALOG_CLEANUP.name} -n catalog -p '{"spec":{"suspend":false}}'`,
        `SUSPEND turns False. Runs missed while suspended are not made up: only the last one, if its minute began less than ${CATALOG_CLEANUP.startingDeadlineSeconds} s ago, starts at once (ACTIVE 1).`,
      ),
      run('kubectl get cronjobs -n catalog'),
    ],
  };

  return [statefulSets, daemonSets, jobs];
}

/** What a learner needs to reach their own lab. */
export interface LearnerAccess {
  /** Who the lab is for (a participant id, or the lab name). */
  readonly title: string;
  /** The lab. */
  readonly lab: LabEnvironment;
  /** The command the instructor runs to put the lab's workloads back as deployed. */
  readonly repairCommand: string;
}

/** The learner's access to each lab of the plan, in roster order. */
export function learnerAccess(plan: LabPlan): LearnerAccess[] {
  const commands = fleetCommands(plan);
  return plan.labs.map((lab, i) => ({
    title: lab.participant?.id ?? plan.labName,
    lab,
    repairCommand: shellLine(commands.perLab[i].resetWorkloads[1]),
  }));
}

/**
 * How the learner points kubectl at the cluster: with their own credentials, or, as an IAM Identity
 * Center user, through a profile that assumes the role only they may assume.
 */
function beforeYouStart(lab: LabEnvironment): string[] {
  const check = 'kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A';
  const learner = lab.participantAccess?.learnerRole;
  if (learner === undefined) {
    return [
      'Point kubectl at your cluster (your AWS credentials need `eks:DescribeCluster` on it), then check that the lab is ready:',
      codeBlock([lab.updateKubeconfigCommand, check], 'sh'),
    ];
  }
  const permissionSet = /\/AWSReservedSSO_(.+)_[0-9a-f]+$/.exec(learner.ssoUser.permissionSetRoleArn)?.[1];
  return [
    `You sign in through IAM Identity Center as \`${learner.ssoUser.userName}\`` +
      (permissionSet === undefined ? '' : ` with the permission set \`${permissionSet}\``) +
      ', which the class shares. Your cluster is reached through the role ' +
      `\`${learner.arn}\`, which only your user may assume. Once, create an AWS CLI profile \`${learner.profile}\` that assumes it from your ` +
      `IAM Identity Center profile (replace \`${SSO_PROFILE_PLACEHOLDER}\` with the profile \`aws configure sso\` created for you; ` +
      `\`aws sso login --profile ${SSO_PROFILE_PLACEHOLDER}\` signs you in):`,
    codeBlock([...learner.profileCommands], 'sh'),
    'Then point kubectl at your cluster through that profile, and check that the lab is ready:',
    codeBlock([lab.updateKubeconfigCommand, check], 'sh'),
  ];
}

/** `text` as a Markdown code block. */
function codeBlock(lines: readonly string[], language = ''): string {
  return ['```' + language, ...lines, '```'].join('\n');
}

/** One page of the path, as Markdown. */
function pageMarkdown(page: LearnerPage): string {
  const steps = page.steps.map((step, i) => {
    const marker = `${i + 1}. `;
    const head = `${marker}**${step.action === StepAction.SKIP ? 'Skip' : 'Run'}**`;
    const body = [codeBlock([step.command], 'sh'), ...(step.note ? [step.note] : step.action === StepAction.RUN ? ['As on the page.'] : [])];
    if (step.output) body.push(codeBlock(step.output));
    // A list item's blocks are indented by the width of its marker ("1. " or "10. ").
    const indent = ' '.repeat(marker.length);
    return [head, ...body].map((part, j) => (j === 0 ? part : part.replace(/^/gm, indent))).join('\n\n');
  });
  return [`## ${page.title}`, `[${page.title}](${page.url}), in the page's order.`, ...steps, ...(page.notes ?? [])].join('\n\n');
}

/**
 * The learner path of one lab as Markdown: how to reach the lab (its cluster, its kubeconfig
 * command), then every page's steps. `npm run roster -- --handout DIR` writes it for each lab of the
 * configuration; docs/learner-path.md is it for the built-in defaults' single lab.
 */
export function learnerPathMarkdown(plan: LabPlan, access: LearnerAccess): string {
  const { lab } = access;
  const expires = plan.config.expiresOn ? ` It runs until ${plan.config.expiresOn}.` : '';
  const intro = [
    `# Kubernetes workloads lab: ${access.title}`,
    `Your lab is the EKS cluster \`${lab.clusterName}\` in ${plan.region}` +
      (lab.account === undefined ? '' : `, in your own AWS account ${lab.account.accountId} (sign in to that account for the commands below)`) +
      `.${expires} It already runs everything the workshop's ` +
      'Kubernetes workloads pages deploy: the data stores as StatefulSets' +
      (plan.config.application === RetailApplication.STORE ? ', the retail store,' : '') +
      ' the DaemonSet `log-collector`, the Job `data-processor` and the CronJob `catalog-cleanup`. Follow the pages with this sheet: it says which ' +
      'commands to **skip** (they would deploy what exists, and fail or break it) and which to **run** as written, and what you will see that the pages do not show.',
    '## Before you start',
    ...beforeYouStart(lab),
    'All three data stores (`catalog-mysql`, `checkout-redis`, `orders-postgresql`) should be `1/1`. If a command you were told to skip was run anyway, ' +
      `your instructor puts the lab's objects back with \`${access.repairCommand}\`.`,
  ];
  return `${[...intro, ...learnerPages(plan).map(pageMarkdown)].join('\n\n')}\n`;
}
