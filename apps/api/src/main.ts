import { createServer } from 'node:http';

// Placeholder until the NestJS application lands: answers GET /health.
export async function startApi(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const server = createServer((req, res) => {
    const healthy = req.url === '/health';
    res.writeHead(healthy ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(healthy ? { status: 'ok' } : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  process.stdout.write(JSON.stringify({ level: 'info', msg: 'listening', port }) + '\n');
}
