// Reference (c): mockttp recording the same route, as HTTP Toolkit does. Prints
// `READY <port>`; on SIGTERM prints `SEEN <n>` (requests it recorded) and exits.
import { getLocal } from 'mockttp'

const server = getLocal({ recordTraffic: true })
await server.start()
const endpoint = await server
  .forPost('/api/track')
  .thenReply(200, '{"success":true}', { 'Content-Type': 'application/json', 'Content-Length': '16' })
process.stdout.write(`READY ${server.port}\n`)
process.on('SIGTERM', async () => {
  const seen = await endpoint.getSeenRequests()
  process.stdout.write(`SEEN ${seen.length}\n`)
  await server.stop()
  process.exit(0)
})
