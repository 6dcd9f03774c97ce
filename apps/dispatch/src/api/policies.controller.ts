import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Post, Put, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, identityOf } from '@herald/observability';
import { RoutingConfigService, type PolicyKindName, type PolicyView } from '../routing/routing-config.service.js';
import { ApiErrorFilter } from './api-error.filter.js';
import { SilenceListQuery } from './deliveries.query.js';
import { parseQuery } from './parse.js';

/** The same CRUD for each policy kind; one small controller per path. */
@Injectable()
abstract class PolicyController {
  protected abstract readonly kind: PolicyKindName;
  constructor(protected readonly routing: RoutingConfigService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: unknown): Promise<PolicyView> {
    return this.routing.create(this.kind, this.attributed(body, request));
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<PolicyView> {
    return this.routing.get(this.kind, id);
  }

  @Put(':id')
  replace(@Param('id') id: string, @Body() body: unknown, @Req() request: unknown): Promise<PolicyView> {
    return this.routing.replace(this.kind, id, this.attributed(body, request));
  }

  /** The body as written; a kind that records who acted says so from the caller's identity. */
  protected attributed(body: unknown, _request: unknown): unknown {
    return body;
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.routing.remove(this.kind, id);
  }
}

/** `/v1/silences`: matchers, startsAt, endsAt, author, comment; `?state=active|pending|expired` filters the list. */
@Controller('v1/silences')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class SilencesController extends PolicyController {
  protected readonly kind = 'silences';

  /** A personal token or the authenticating proxy names the author; the shared admin token keeps the body's. */
  protected override attributed(body: unknown, request: unknown): unknown {
    const identity = identityOf(request);
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    return identity?.personal && isObject ? { ...body, author: identity.name } : body;
  }

  @Get()
  async list(@Query() query: unknown): Promise<{ items: PolicyView[] }> {
    const { state } = parseQuery(SilenceListQuery, query);
    const items = await this.routing.list(this.kind);
    return { items: state ? items.filter((s) => s.state === state) : items };
  }
}

/** `/v1/inhibit-rules`: sourceMatchers, targetMatchers, equal. */
@Controller('v1/inhibit-rules')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class InhibitRulesController extends PolicyController {
  protected readonly kind = 'inhibitRules';

  @Get()
  async list(): Promise<{ items: PolicyView[] }> {
    return { items: await this.routing.list(this.kind) };
  }
}

/** `/v1/maintenance-windows`: matchers, startsAt, endsAt, weekly recurrence. */
@Controller('v1/maintenance-windows')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class MaintenanceWindowsController extends PolicyController {
  protected readonly kind = 'maintenanceWindows';

  @Get()
  async list(): Promise<{ items: PolicyView[] }> {
    return { items: await this.routing.list(this.kind) };
  }
}

/** `/v1/escalation-policies`: steps (receivers, waitSeconds) and repeat; routes choose one by `escalationPolicy`. */
@Controller('v1/escalation-policies')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class EscalationPoliciesController extends PolicyController {
  protected readonly kind = 'escalationPolicies';

  @Get()
  async list(): Promise<{ items: PolicyView[] }> {
    return { items: await this.routing.list(this.kind) };
  }
}
