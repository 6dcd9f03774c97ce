import { BadRequestException, Controller, Get, Inject, Injectable, Module, Query, UseGuards, type DynamicModule, type OnModuleInit, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { ActionQuery, actionPath, actionsPath, actorOf, AdminTokenGuard, type ManagementAction } from '@herald/observability';

const ACTION_SERVICE = Symbol('ACTION_SERVICE');

interface ActionRow {
  id: string;
  at: Date;
  actor: string;
  role: string;
  method: string;
  path: string;
}

/** Reads and writes the service's `management_actions` table. */
@Injectable()
export class ActionLogStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACTION_SERVICE) private readonly service: string,
  ) {}

  async record(actor: { name: string; role: string }, method: string, url: string): Promise<void> {
    await this.dataSource.query('INSERT INTO management_actions (actor, role, method, path) VALUES ($1, $2, $3, $4)', [actor.name, actor.role, method.toUpperCase(), actionPath(url)]);
  }

  async list(query: ActionQuery): Promise<ManagementAction[]> {
    const prefix = query.path?.replace(/\/$/, '');
    const rows: ActionRow[] = await this.dataSource.query(
      `SELECT id::text AS id, at, actor, role, method, path FROM management_actions
        WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR path = $2 OR starts_with(path, $2 || '/'))
        ORDER BY id DESC LIMIT $3`,
      [query.actor ?? null, prefix ?? null, query.limit],
    );
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), service: this.service, actor: r.actor, role: r.role, method: r.method, path: r.path }));
  }
}

/**
 * Records every management action the admin-token guard let through (actorOf), once the
 * service has answered it with success: a Fastify onSend hook, so it covers every controller
 * and no message handler, and a failed write fails the answer rather than going unrecorded.
 */
@Injectable()
class ActionRecorder implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly store: ActionLogStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    // A callback hook, not an async one: the alert endpoints (no actor) pass without a promise.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const actor = actorOf(request);
      if (!actor || reply.statusCode >= 300) return done(null, payload);
      this.store.record(actor, request.method, request.url).then(
        () => done(null, payload),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }
}

function actionLogController(service: string): Type {
  @Controller(actionsPath(service).slice(1))
  @UseGuards(AdminTokenGuard)
  class ActionLogController {
    constructor(private readonly store: ActionLogStore) {}

    @Get()
    async list(@Query() query: unknown): Promise<{ items: ManagementAction[] }> {
      const parsed = ActionQuery.safeParse(query ?? {});
      if (!parsed.success) {
        throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
      }
      return { items: await this.store.list(parsed.data) };
    }
  }
  return ActionLogController;
}

/** The management action log of one service; its table comes with ACTION_LOG_MIGRATIONS. */
@Module({})
export class ActionLogModule {
  static forService(service: string): DynamicModule {
    return {
      module: ActionLogModule,
      controllers: [actionLogController(service)],
      providers: [{ provide: ACTION_SERVICE, useValue: service }, ActionLogStore, ActionRecorder],
    };
  }
}
