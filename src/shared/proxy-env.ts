/**
 * The environment that sends a program's HTTPS through the capture proxy
 * and makes it trust the local CA, for that program only: what
 * `track-debugger run` sets and what the Setup screen's snippets export.
 * Nothing here changes the machine's proxy settings or trust store.
 */

export type Shell = 'bash' | 'fish' | 'powershell'

export interface ProxyEnvInput {
  /** http://127.0.0.1:8789 */
  proxyUrl: string
  /** The CA certificate (PEM): for Node, which adds it to its own roots. */
  certPath: string
  /** The system's roots plus the CA: for tools that take a single bundle and replace their roots with it. */
  bundlePath: string
}

/** Loopback stays direct: local servers (and the capture port) are not the proxy's business. */
const NO_PROXY = 'localhost,127.0.0.1,::1'

export function proxyEnv({ proxyUrl, certPath, bundlePath }: ProxyEnvInput): [name: string, value: string][] {
  return [
    ['HTTPS_PROXY', proxyUrl],
    ['HTTP_PROXY', proxyUrl],
    ['https_proxy', proxyUrl],
    ['http_proxy', proxyUrl],
    ['NO_PROXY', NO_PROXY],
    ['no_proxy', NO_PROXY],
    // Node 24: its own fetch and http(s) honour the variables above only with this set.
    ['NODE_USE_ENV_PROXY', '1'],
    ['NODE_EXTRA_CA_CERTS', certPath],
    // Python requests, curl and other OpenSSL tools: a bundle that still holds the system's roots.
    ['SSL_CERT_FILE', bundlePath],
    ['REQUESTS_CA_BUNDLE', bundlePath],
    ['CURL_CA_BUNDLE', bundlePath],
  ]
}

function quote(shell: Shell, value: string): string {
  if (shell === 'powershell') return `'${value.replace(/'/g, "''")}'`
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Lines to paste in a terminal: every program started from it afterwards is captured. */
export function shellSnippet(shell: Shell, input: ProxyEnvInput): string {
  return proxyEnv(input)
    .filter(([name]) => shell !== 'powershell' || name === name.toUpperCase())
    .map(([name, value]) =>
      shell === 'fish'
        ? `set -gx ${name} ${quote(shell, value)}`
        : shell === 'powershell'
          ? `$env:${name} = ${quote(shell, value)}`
          : `export ${name}=${quote(shell, value)}`,
    )
    .join('\n')
}
