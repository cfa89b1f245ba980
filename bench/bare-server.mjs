// Reference (a): the cheapest honest HTTP server — reads the body, answers 200 with a small
// JSON body, stores nothing. Prints `READY <port>` once listening on 127.0.0.1.
import { createServer } from 'node:http'

const body = '{"success":true}'
const server = createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
    res.end(body)
  })
})
server.keepAliveTimeout = 5_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${server.address().port}\n`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
