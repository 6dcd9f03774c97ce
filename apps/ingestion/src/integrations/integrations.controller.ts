import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AdminTokenGuard } from '@herald/observability';
import { zodIssuesToFieldErrors } from '@herald/sources';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import type { HealthReport } from '../stats/domain/health-report.js';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import {
  CreateIntegrationRequest,
  IntegrationId,
  integrationView,
  UpdateIntegrationRequest,
  type IntegrationView,
} from './domain/integration.js';
import { generateIntegrationKey, hashIntegrationKey } from './domain/integration-key.js';
import { IntegrationsService } from './integrations.service.js';

/**
 * Management of integrations (`Authorization: Bearer <HERALD_ADMIN_TOKEN>`). A key is
 * shown once, when created or rotated; signing secrets are write-only.
 */
@Controller('v1/integrations')
@UseGuards(AdminTokenGuard)
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  /** Received, accepted and refused requests (by reason), success rate and latency: in total, by source, by integration. */
  @Get('health')
  async health(): Promise<HealthReport> {
    return this.telemetry.report();
  }

  @Get()
  async list(): Promise<{ integrations: IntegrationView[] }> {
    return { integrations: (await this.integrations.list()).map(integrationView) };
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown): Promise<IntegrationView & { key: string }> {
    const request = parse(CreateIntegrationRequest, body);
    const key = generateIntegrationKey();
    const id = request.id ?? `${request.source}-${randomBytes(4).toString('hex')}`;
    const integration = await this.integrations.create({ ...request, id }, hashIntegrationKey(key));
    return { ...integrationView(integration), key };
  }

  @Get(':id')
  async show(@Param('id') id: string): Promise<IntegrationView> {
    const integration = IntegrationId.safeParse(id).success ? await this.integrations.findById(id) : null;
    if (!integration) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${id.slice(0, 64)}"`);
    return integrationView(integration);
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: unknown): Promise<IntegrationView> {
    const patch = parse(UpdateIntegrationRequest, body);
    return integrationView(await this.integrations.update(checkedId(id), patch));
  }

  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param('id') id: string): Promise<IntegrationView> {
    return integrationView(await this.integrations.update(checkedId(id), { enabled: true }));
  }

  @Post(':id/disable')
  @HttpCode(200)
  async disable(@Param('id') id: string): Promise<IntegrationView> {
    return integrationView(await this.integrations.update(checkedId(id), { enabled: false }));
  }

  /** A new key; the old one stops working at once (on every replica within the change notification). */
  @Post(':id/rotate-key')
  @HttpCode(200)
  async rotateKey(@Param('id') id: string): Promise<IntegrationView & { key: string }> {
    const key = generateIntegrationKey();
    const integration = await this.integrations.rotateKey(checkedId(id), hashIntegrationKey(key));
    return { ...integrationView(integration), key };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.integrations.delete(checkedId(id));
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors = zodIssuesToFieldErrors(result.error);
  throw new IngestionError('INVALID_REQUEST', `invalid request: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, { errors });
}

function checkedId(id: string): string {
  if (!IntegrationId.safeParse(id).success) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${id.slice(0, 64)}"`);
  return id;
}
