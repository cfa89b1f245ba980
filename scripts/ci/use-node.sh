# Sourced by .ci/run (bash): make `node` a Node that satisfies package.json's
# engines (>= 22.12). When the machine's own Node is older, fetch the version
# in .nvmrc as the official build published on the npm registry
# (node-<platform>-<arch>, the same binaries as nodejs.org), cache it, and put
# it first on PATH. npm itself stays the machine's; it runs under whichever
# node comes first on PATH.

node_is_recent() {
  command -v node >/dev/null &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_is_recent; then
  wanted=$(tr -d ' \n\r' < .nvmrc)
  wanted=${wanted#v}
  platform_package=$(node -p '`node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`')
  node_home="${XDG_CACHE_HOME:-$HOME/.cache}/track-debugger/${platform_package}-${wanted}"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "Node $(node --version) is older than 22.12; fetching ${platform_package}@${wanted} from the npm registry…"
    scratch=$(mktemp -d)
    (cd "$scratch" && npm pack --silent "${platform_package}@${wanted}" >/dev/null)
    mkdir -p "$node_home"
    tar -xzf "$scratch"/*.tgz -C "$node_home" --strip-components=1
    rm -rf "$scratch"
  fi
  export PATH="$node_home/bin:$PATH"
  # node-gyp builds native addons against the Node that runs them, not the machine's headers.
  export npm_config_nodedir="$node_home"
  hash -r
  node_is_recent || { echo "The fetched Node ($(node --version)) does not run here." >&2; exit 1; }
fi
