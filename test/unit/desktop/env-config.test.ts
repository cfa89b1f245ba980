import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  CAPTURE_PORT_ENV,
  DATA_DIR_ENV,
  DEFAULT_CAPTURE_PORT,
  DEFAULT_PROXY_PORT,
  portInUseMessage,
  PROXY_PORT_ENV,
  readDesktopConfig,
} from '../../../src/main/desktop/env-config'

const cwd = join('/home', 'someone')

describe('readDesktopConfig', () => {
  it('defaults to the userData folder, capture port 8787 and proxy port 8789', () => {
    expect(readDesktopConfig({}, cwd)).toEqual({
      dataDir: null,
      capturePort: DEFAULT_CAPTURE_PORT,
      proxyPort: DEFAULT_PROXY_PORT,
    })
    expect(DEFAULT_CAPTURE_PORT).toBe(8787)
    expect(DEFAULT_PROXY_PORT).toBe(8789)
  })

  it('takes a proxy port, and refuses a bad one by its own name', () => {
    expect(readDesktopConfig({ [PROXY_PORT_ENV]: '0' }, cwd).proxyPort).toBe(0)
    expect(() => readDesktopConfig({ [PROXY_PORT_ENV]: 'x' }, cwd)).toThrow(
      new RegExp(`${PROXY_PORT_ENV} must be a port number`),
    )
  })

  it('takes a data folder, made absolute against the working directory', () => {
    expect(readDesktopConfig({ [DATA_DIR_ENV]: '/tmp/td' }, cwd).dataDir).toBe('/tmp/td')
    expect(readDesktopConfig({ [DATA_DIR_ENV]: 'profiles/a' }, cwd).dataDir).toBe(join(cwd, 'profiles/a'))
    expect(readDesktopConfig({ [DATA_DIR_ENV]: '   ' }, cwd).dataDir).toBeNull()
  })

  it.each([
    ['0', 0],
    ['8788', 8788],
    [' 65535 ', 65535],
  ])('takes the port %j', (raw, port) => {
    expect(readDesktopConfig({ [CAPTURE_PORT_ENV]: raw }, cwd).capturePort).toBe(port)
  })

  it.each(['65536', '-1', '80.5', '0x50', 'eighty', '1e3', '123456'])(
    'refuses the port %j, saying why',
    (raw) => {
      expect(() => readDesktopConfig({ [CAPTURE_PORT_ENV]: raw }, cwd)).toThrow(
        new RegExp(`${CAPTURE_PORT_ENV} must be a port number from 0 to 65535`),
      )
    },
  )
})

describe('portInUseMessage', () => {
  it('names the port and tells a desktop user how to pick another', () => {
    const message = portInUseMessage('127.0.0.1', 8787)
    expect(message).toContain('Port 8787 on 127.0.0.1 is already in use')
    expect(message).toContain(CAPTURE_PORT_ENV)
    expect(message).toContain('0 picks any free port')
  })
})
