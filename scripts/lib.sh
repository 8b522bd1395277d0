# Shared set-up steps for ./portal. Every step checks first and skips what is in place, so a
# second run is fast. Sourced, not executed; expects ROOT to be set.

NODE_VERSION="${PBC_NODE_VERSION:-22.23.3}"
CACHE_DIR="${PBC_PORTAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pbc-portal}"
TOOLING="$ROOT/.tooling"
VENV="$TOOLING/venv"
YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"

log() { printf '\033[1m[portal]\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[31m[portal] error:\033[0m %s\n' "$*" >&2
  exit 1
}

mkdir -p "$TOOLING" "$CACHE_DIR"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Current Backstage needs Node 22 or 24. Use the one on PATH when it fits; otherwise fetch the
# official build, which the npm registry serves (headers included) as node-linux-<arch>.
setup_node() {
  local node_bin major
  node_bin="$(command -v node || true)"
  if [ -n "$node_bin" ]; then
    major="$(node_major "$node_bin")"
    if [ "$major" = 22 ] || [ "$major" = 24 ]; then
      NODE_HOME="$(cd "$(dirname "$(readlink -f "$node_bin")")/.." && pwd)"
      export_node_env
      return
    fi
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no Node 22/24 on PATH and no official Node build for $(uname -m)" ;;
  esac
  NODE_HOME="$CACHE_DIR/node-$NODE_VERSION-$arch"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    command -v npm >/dev/null || die "Node ${major:-?} is too old and npm is missing: install Node 22 or 24"
    log "fetching Node $NODE_VERSION (node-linux-$arch) from the npm registry"
    local tmp
    tmp="$(mktemp -d "$CACHE_DIR/node-dl.XXXXXX")"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null 2>&1) ||
      die "could not download node-linux-$arch@$NODE_VERSION with npm pack"
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-*.tgz -C "$tmp/x" --strip-components=1
    rm -rf "$NODE_HOME" && mv "$tmp/x" "$NODE_HOME" && rm -rf "$tmp"
  fi
  export_node_env
}

export_node_env() {
  mkdir -p "$TOOLING/bin"
  # A project-local `yarn` that hands over to the committed Yarn release.
  cat >"$TOOLING/bin/yarn" <<EOF
#!/bin/sh
exec "$NODE_HOME/bin/node" "$YARN_RELEASE" "\$@"
EOF
  chmod +x "$TOOLING/bin/yarn"
  export PATH="$TOOLING/bin:$NODE_HOME/bin:$PATH"
  # node-gyp must build native modules against this Node's headers; the machine's npm config
  # may point elsewhere and node-gyp cannot download headers offline.
  if [ -d "$NODE_HOME/include/node" ]; then
    export npm_config_nodedir="$NODE_HOME"
  fi
  # Use the registry the user's npm is configured with; no host name is committed.
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ] && command -v npm >/dev/null; then
    local reg
    reg="$(npm config get registry 2>/dev/null || true)"
    [ -n "$reg" ] && [ "$reg" != undefined ] && export YARN_NPM_REGISTRY_SERVER="${reg%/}"
  fi
  export YARN_GLOBAL_FOLDER="${YARN_GLOBAL_FOLDER:-$CACHE_DIR/yarn-berry}"
  export YARN_ENABLE_TELEMETRY=0
  export NODE_OPTIONS="${NODE_OPTIONS:-} --no-node-snapshot"
  export PBC_NODE_HOME="$NODE_HOME"
}

print_env() {
  echo "export PATH=\"$PATH\""
  echo "export npm_config_nodedir=\"${npm_config_nodedir:-}\""
  echo "export YARN_GLOBAL_FOLDER=\"$YARN_GLOBAL_FOLDER\""
  [ -n "${YARN_NPM_REGISTRY_SERVER:-}" ] && echo "export YARN_NPM_REGISTRY_SERVER=\"$YARN_NPM_REGISTRY_SERVER\""
  [ -d "$VENV/bin" ] && echo "export PATH=\"$VENV/bin:\$PATH\""
  true
}

stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# yarn install, skipped when the lockfile and manifests are unchanged since the last one.
setup_node_modules() {
  local stamp_file="$ROOT/node_modules/.pbc-portal-install" want
  want="$(cd "$ROOT" && stamp_of yarn.lock package.json $(find packages plugins -name package.json -not -path '*/node_modules/*' | sort) "$NODE_HOME/bin/node")"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want" ]; then
    return
  fi
  log "installing JavaScript dependencies (yarn install)"
  local start=$SECONDS
  (cd "$ROOT" && yarn install) || die "yarn install failed (see above)"
  echo "$want" >"$stamp_file"
  log "yarn install took $((SECONDS - start)) s"
}

# mkdocs + mkdocs-techdocs-core (TechDocs), cfn-lint and moto, in a virtualenv kept in the cache
# folder under a hash of scripts/requirements.txt and the Python version, so another checkout
# with the same requirements reuses it (pip install takes ~40 s); .tooling/venv links to it.
setup_python() {
  local req="$ROOT/scripts/requirements.txt" want shared
  command -v python3 >/dev/null || die "python3 is needed for TechDocs (mkdocs) and cfn-lint"
  want="$(stamp_of "$req")-py$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  shared="$CACHE_DIR/venv-$want"
  if [ ! -f "$shared/.pbc-portal-install" ]; then
    (
      # One installer at a time per venv; a second checkout waits and then finds it done.
      flock 9
      [ -f "$shared/.pbc-portal-install" ] && exit 0
      log "installing Python tools into $shared (mkdocs-techdocs-core, cfn-lint, moto)"
      rm -rf "$shared"
      python3 -m venv "$shared" || die "python3 -m venv failed (install python3-venv)"
      "$shared/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" ||
        die "pip install -r scripts/requirements.txt failed"
      echo "$want" >"$shared/.pbc-portal-install"
    ) 9>"$CACHE_DIR/venv-$want.lock" || exit 1
  fi
  if [ "$(readlink "$VENV" 2>/dev/null)" != "$shared" ]; then
    rm -rf "$VENV" && ln -s "$shared" "$VENV"
  fi
  export PATH="$VENV/bin:$PATH"
}

setup_all() {
  setup_node
  log "node $(node --version) from $NODE_HOME"
  setup_node_modules
  setup_python
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
    sudo="sudo"
  fi
  log "installing Debian packages: $*"
  if [ ! -f "$TOOLING/.apt-updated" ]; then
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
    touch "$TOOLING/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    die "apt-get install $* failed"
}

# PostgreSQL (database tests) and Chromium (end-to-end tests) from Debian's packages.
ensure_test_tools() {
  local missing=()
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || missing+=(postgresql)
  command -v chromium >/dev/null || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}
