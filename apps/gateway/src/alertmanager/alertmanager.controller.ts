import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import type { CallerHeaders } from '../upstream/upstream-client.js';
import { AlertmanagerApi } from './alertmanager-api.js';
import { AmErrorFilter } from './am-error.filter.js';
import type { AmAlert, AmAlertGroup, AmSilence } from './domain/am-views.js';

/**
 * Alertmanager API v2, so amtool, Grafana and other Alertmanager clients work against Herald.
 * `POST /api/v2/alerts` (Prometheus sending alerts) is forwarded to ingestion, not served here.
 */
@Controller('api/v2')
@UseFilters(AmErrorFilter)
export class AlertmanagerController {
  constructor(private readonly api: AlertmanagerApi) {}

  @Get('status')
  status(): Record<string, unknown> {
    return this.api.status();
  }

  @Get('alerts')
  alerts(@Query() query: unknown, @Headers() caller: CallerHeaders): Promise<AmAlert[]> {
    return this.api.alerts(query, caller);
  }

  @Get('alerts/groups')
  groups(@Query() query: unknown, @Headers() caller: CallerHeaders): Promise<AmAlertGroup[]> {
    return this.api.alertGroups(query, caller);
  }

  @Get('silences')
  silences(@Query() query: unknown, @Headers() caller: CallerHeaders): Promise<AmSilence[]> {
    return this.api.silences(query, caller);
  }

  @Post('silences')
  @HttpCode(200)
  postSilence(@Body() body: unknown, @Headers() caller: CallerHeaders): Promise<{ silenceID: string }> {
    return this.api.postSilence(body, caller);
  }

  @Get('silence/:id')
  silence(@Param('id') id: string, @Headers() caller: CallerHeaders): Promise<AmSilence> {
    return this.api.silence(id, caller);
  }

  @Delete('silence/:id')
  @HttpCode(200)
  async expire(@Param('id') id: string, @Headers() caller: CallerHeaders): Promise<void> {
    await this.api.expireSilence(id, caller);
  }

  @Get('receivers')
  receivers(@Headers() caller: CallerHeaders): Promise<Array<{ name: string }>> {
    return this.api.receivers(caller);
  }
}
