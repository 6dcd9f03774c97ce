import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { HEADERS, type IncidentEvent } from '@herald/contracts';
import { AdminTokenGuard, contextFrom, identityOf } from '@herald/observability';
import { INCIDENT_POLICY, IncidentCommands } from '../application/incident-commands.js';
import { IncidentNotFoundError, nextTimerAt, type IncidentCommand, type IncidentPolicy } from '../domain/index.js';
import { IncidentQueries, present, type IncidentDetail, type IncidentPage, type IncidentView } from './incident-queries.js';
import {
  AcknowledgeBody,
  decodeCursor,
  GetIncidentQuery,
  IncidentIdParam,
  ListIncidentsQuery,
  NoteBody,
  ResolveBody,
} from './incidents.requests.js';
import { parseRequest, RequestValidationError } from './request-validation.js';

type RequestHeaders = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The name recorded for an action: the caller's own when their token or the proxy names them
 * (a name in the body cannot stand in for someone else), else the body's, which the shared
 * admin token must then give.
 */
function actingPerson(request: unknown, declared: string | undefined, field: 'by' | 'author'): string {
  const identity = identityOf(request);
  if (identity?.personal) return identity.name;
  if (declared) return declared;
  throw new RequestValidationError('body', [{ path: field, message: 'is required with the shared admin token (a personal token names you)' }]);
}

/** What a person's command answers: the incident after it and the events it caused. */
export interface ActionResult {
  readonly incident: IncidentView;
  readonly events: IncidentEvent[];
}

/**
 * The incident API. Reads go to the read model; people's commands go through
 * IncidentCommands like alerts do, so they produce events the relay publishes.
 * Errors are thrown as they are and mapped to HTTP by IncidentsHttpErrorFilter.
 */
@Controller('v1/incidents')
@UseGuards(AdminTokenGuard)
export class IncidentsController {
  constructor(
    private readonly queries: IncidentQueries,
    private readonly commands: IncidentCommands,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
  ) {}

  @Get()
  async list(@Query() raw: unknown): Promise<IncidentPage> {
    const query = parseRequest(ListIncidentsQuery, raw, 'query');
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !cursor) {
      throw new RequestValidationError('query', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    }
    return this.queries.list(query, cursor);
  }

  @Get(':id')
  async get(@Param() params: unknown, @Query() raw: unknown): Promise<IncidentDetail> {
    const { id } = parseRequest(IncidentIdParam, params, 'path');
    const query = parseRequest(GetIncidentQuery, raw, 'query');
    const detail = await this.queries.get(id, query.timelineAfter, query.timelineLimit);
    if (!detail) throw new IncidentNotFoundError(id);
    return detail;
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Param() params: unknown, @Body() body: unknown, @Headers() headers: RequestHeaders, @Req() request: unknown): Promise<ActionResult> {
    const { id } = parseRequest(IncidentIdParam, params, 'path');
    const by = actingPerson(request, parseRequest(AcknowledgeBody, body, 'body').by, 'by');
    return this.act({ type: 'AcknowledgeIncident', incidentId: id, by, at: new Date().toISOString() }, headers);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param() params: unknown, @Body() body: unknown, @Headers() headers: RequestHeaders, @Req() request: unknown): Promise<ActionResult> {
    const { id } = parseRequest(IncidentIdParam, params, 'path');
    const by = actingPerson(request, parseRequest(ResolveBody, body, 'body').by, 'by');
    return this.act({ type: 'ResolveIncident', incidentId: id, by, at: new Date().toISOString() }, headers);
  }

  @Post(':id/notes')
  @HttpCode(201)
  async addNote(@Param() params: unknown, @Body() body: unknown, @Headers() headers: RequestHeaders, @Req() request: unknown): Promise<ActionResult> {
    const { id } = parseRequest(IncidentIdParam, params, 'path');
    const note = parseRequest(NoteBody, body, 'body');
    const author = actingPerson(request, note.author, 'author');
    return this.act({ type: 'AddNote', incidentId: id, author, text: note.text, at: new Date().toISOString() }, headers);
  }

  private async act(command: Exclude<IncidentCommand, { type: 'RecordAlert' | 'CheckTimers' }>, headers: RequestHeaders): Promise<ActionResult> {
    // The caller's correlation id and trace go with the events to dispatch.
    const context = contextFrom(single(headers[HEADERS.correlationId]), single(headers[HEADERS.traceparent]));
    const result = await this.commands.execute(command, { correlationId: context.correlationId, traceparent: context.traceparent });
    // Without an inbox id a command is never a redelivery.
    if (result.kind === 'duplicate') throw new Error('a command without an inbox id was taken for a redelivery');
    const { decision, after } = result;
    if (decision.kind === 'rejected') throw decision.error;
    if (after.status === 'none') throw new IncidentNotFoundError(command.incidentId);
    return {
      incident: present(after, nextTimerAt(after, this.policy) ?? null),
      events: decision.kind === 'events' ? decision.events : [],
    };
  }
}
