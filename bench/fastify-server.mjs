// Reference (d): a minimal Fastify route that only answers (Fastify parses the JSON body, as a
// framework-built endpoint would). Prints `READY <port>` once listening on 127.0.0.1.
import Fastify from 'fastify'

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 })
app.post('/api/track', async (_request, reply) => {
  reply.header('Content-Type', 'application/json')
  return '{"success":true}'
})
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`READY ${app.server.address().port}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
