#!/usr/bin/env node
// A stand-in for terraform, for the class runner's tests: it answers `version -json`, `init`, `apply`
// and `destroy` in a stack folder the way the runner relies on (exit codes, `Error:` lines, the local
// state file `../../../terraform.<stack>.tfstate` holding the stack's resources after an apply and
// none after a destroy), records every call, and fails on demand:
//   FAKE_TF_LOG     file that gets one JSON line per call: { stack, command, start, end, env }
//   FAKE_TF_FAIL    "<stack>:<command>" entries, comma-separated: that command fails every time
//   FAKE_TF_THROTTLE "<stack>:<command>:<n>": that command fails n times with ThrottlingException first
//   FAKE_TF_DELAY_MS how long apply and destroy take
//   FAKE_TF_VERSION  the version it reports (default 1.11.4)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const command = args[0];
const env = process.env;
if (command === 'version') {
  process.stdout.write(JSON.stringify({ terraform_version: env.FAKE_TF_VERSION || '1.11.4', platform: 'linux_amd64' }) + '\n');
  process.exit(0);
}
const cwd = process.cwd();
const stack = path.basename(cwd);
const start = Date.now();
const delay = Number(env.FAKE_TF_DELAY_MS || 0);
const counterFile = (key) => path.join(path.dirname(env.FAKE_TF_LOG || cwd), `.fake-tf-${key.replace(/[^\w.-]/g, '_')}`);

function record(exit) {
  if (!env.FAKE_TF_LOG) return;
  fs.appendFileSync(
    env.FAKE_TF_LOG,
    JSON.stringify({
      stack,
      command,
      exit,
      start,
      end: Date.now(),
      cliConfig: env.TF_CLI_CONFIG_FILE || null,
      pluginCache: env.TF_PLUGIN_CACHE_DIR || null,
      lock: fs.existsSync(path.join(cwd, '.terraform.lock.hcl')),
      extra: env.FAKE_TF_EXTRA || null,
    }) + '\n',
  );
}

function fail(message) {
  process.stdout.write(`\nError: ${message}\n\n  with aws_iam_role.cluster,\n  on cdk.tf.json line 12, in resource.aws_iam_role.cluster:\n  12: }\n\n`);
  record(1);
  process.exit(1);
}

function finish() {
  record(0);
  process.exit(0);
}

setTimeout(() => {
  const key = `${stack}:${command}`;
  if ((env.FAKE_TF_FAIL || '').split(',').includes(key)) {
    fail(`creating IAM Role (${stack}): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: 1, EntityAlreadyExists: Role with name ${stack} already exists.`);
  }
  const throttle = (env.FAKE_TF_THROTTLE || '').split(',').find((t) => t.startsWith(`${key}:`));
  if (throttle) {
    const times = Number(throttle.split(':')[2]);
    const file = counterFile(key);
    const seen = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
    if (seen < times) {
      fs.writeFileSync(file, String(seen + 1));
      fail('creating EC2 VPC: operation error EC2: CreateVpc, https response error StatusCode: 400, RequestID: 2, api error ThrottlingException: Rate exceeded');
    }
  }
  if (command === 'init') {
    if (env.TF_PLUGIN_CACHE_DIR) {
      // A seed init: fill the cache as terraform would, and write a lock file.
      fs.mkdirSync(path.join(env.TF_PLUGIN_CACHE_DIR, 'registry.terraform.io', 'hashicorp', 'fake', '1.0.0', 'linux_amd64'), { recursive: true });
      const required = JSON.parse(fs.readFileSync(path.join(cwd, 'main.tf.json'), 'utf8')).terraform.required_providers;
      const blocks = Object.keys(required).map((name) => `provider "registry.terraform.io/hashicorp/${name}" {\n  version = "1.0.0"\n}`);
      fs.writeFileSync(path.join(cwd, '.terraform.lock.hcl'), `# This file is maintained automatically by "terraform init".\n\n${blocks.join('\n\n')}\n`);
    }
    process.stdout.write('Terraform has been successfully initialized!\n');
    finish();
  }
  const statePath = path.resolve(cwd, '../../../', `terraform.${stack}.tfstate`);
  if (command === 'apply') {
    const json = JSON.parse(fs.readFileSync(path.join(cwd, 'cdk.tf.json'), 'utf8'));
    const resources = Object.entries(json.resource || {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => ({ mode: 'managed', type, name, instances: [{ attributes: {} }] })),
    );
    fs.writeFileSync(statePath, JSON.stringify({ version: 4, resources }));
    process.stdout.write(`Apply complete! Resources: ${resources.length} added, 0 changed, 0 destroyed.\n`);
    finish();
  }
  if (command === 'destroy') {
    fs.writeFileSync(statePath, JSON.stringify({ version: 4, resources: [] }));
    process.stdout.write('Destroy complete!\n');
    finish();
  }
  fail(`fake terraform does not know ${args.join(' ')}`);
}, command === 'init' ? 0 : delay);
