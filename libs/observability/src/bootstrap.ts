import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { HttpMetrics, httpRequestLabels } from './http-metrics.js';
import { applyHeapGrowth, heapGrowthPercent } from './heap-growth.js';
import { createLogger } from './logger.js';
import { Registry } from './metrics.js';
import { PinoNestLogger } from './nest-logger.js';
import { StorableBodyPipe } from './storable-body.pipe.js';

export interface ServiceBootstrap {
  readonly service: string;
  readonly module: DynamicModule;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /** Largest request body accepted, in bytes (Fastify answers 413 above it). */
  readonly bodyLimit?: number;
  /** `HERALD_HEAP_GROWTH_PERCENT` when set; else the service's own (`heapGrowthPercent`). */
  readonly heapGrowthPercent?: number;
  /** Runs after the app is initialised and before it listens: connecting a message transport, registering Fastify plugins or routes. */
  readonly beforeListen?: (app: NestFastifyApplication) => Promise<void>;
}

/**
 * Starts one Herald service on Fastify with JSON logs and shutdown hooks, so
 * SIGTERM stops consumers (finishing in-flight work) before connections close.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<NestFastifyApplication> {
  // Before the first message: every full collection's limit from here on is set with it.
  const heapGrowth = heapGrowthPercent(options.service, options.heapGrowthPercent);
  applyHeapGrowth(heapGrowth);
  const logger = createLogger(options.service, options.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({ bodyLimit: options.bodyLimit ?? 1_048_576, trustProxy: true }),
    { logger: new PinoNestLogger(logger), rawBody: true, bufferLogs: false },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.useGlobalPipes(new StorableBodyPipe());
  // Every HTTP API is measured the same way: requests and durations by matched route.
  const http = new HttpMetrics(app.get(Registry));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      http.observe(httpRequestLabels(request.method, request.routeOptions.url, reply.statusCode), reply.elapsedTime / 1_000);
      done();
    });
  await app.init();
  if (options.beforeListen) await options.beforeListen(app);
  await app.listen(options.port, options.host);
  logger.info({ port: options.port, heapGrowthPercent: heapGrowth }, `${options.service} listening`);
  return app;
}
