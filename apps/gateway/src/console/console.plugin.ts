import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The console's pages: each answers with index.html and the page's script takes over. */
export const CONSOLE_PAGES = ['/', '/sign-in', '/incidents', '/incidents/:id', '/receivers', '/receivers/:id', '/silences', '/routes', '/analytics', '/activity'] as const;

/**
 * Serves the built console (index.html and assets/). Deep links such as `/incidents/<id>`,
 * the link in every notification, load the same page.
 */
export async function consolePages(scope: FastifyInstance, options: { readonly dir: string }): Promise<void> {
  const index = join(options.dir, 'index.html');
  if (!existsSync(index)) {
    // A gateway without a built console still forwards the APIs; the pages say why they are missing.
    for (const url of CONSOLE_PAGES) {
      scope.get(url, (_request, reply) => reply.status(503).type('text/plain').send(`the console is not built (no ${index}); run npm run build`));
    }
    return;
  }
  await scope.register(fastifyStatic, { root: join(options.dir, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d' });
  for (const url of CONSOLE_PAGES) {
    scope.get(url, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', options.dir));
  }
}
