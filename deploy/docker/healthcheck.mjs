// Container health check for the Herald image: GET http://127.0.0.1:$PORT<path>
// (default /health/ready), exit 0 on 2xx, 1 otherwise. Node only, no curl in the image.
//   node deploy/docker/healthcheck.mjs [/health/live|/health/ready]
const path = process.argv[2] ?? '/health/ready';
const port = process.env.PORT ?? '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_500) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
