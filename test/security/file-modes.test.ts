/**
 * What the app writes to disk is readable by its owner only: the data
 * folder it creates, the log with its WAL and shared-memory files, the
 * credentials and the exports (real engine, real files, real modes).
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { cleanup, post, tempDir, trackEvent } from '../helpers/engine'
import { startSendEngine } from '../helpers/upstream'

const mode = (path: string): number => statSync(path).mode & 0o777
let root = ''
afterEach(() => cleanup(root))

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('creates the data folder 0700 and the log, WAL, credentials and exports 0600', async () => {
    root = tempDir('td-modes-')
    const dataDir = join(root, 'fresh', 'data')
    const t = await startSendEngine({}, dataDir)
    try {
      expect((await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('x')]))).status).toBe(200)
      const envs = await t.engine.call('environments.list', {})
      await t.engine.call('environments.setCredentials', { id: envs[0]!.id, apiKey: 'tsk_mode_test_1234' })
      const exported = await t.engine.call('transfer.export', {
        scope: { kind: 'filter', query: {} },
        format: 'csv',
      })
      expect(mode(dataDir)).toBe(0o700)
      for (const file of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, 'credentials.json'])
        expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600])
      expect(mode(exported.path)).toBe(0o600)
    } finally {
      await t.stop()
    }
  })

  it('tightens a log someone left readable by others', async () => {
    root = tempDir('td-modes-')
    const db = join(root, DB_FILE_NAME)
    writeFileSync(db, '')
    chmodSync(db, 0o644)
    const t = await startSendEngine({}, root)
    await t.stop()
    expect(mode(db)).toBe(0o600)
  })
})
