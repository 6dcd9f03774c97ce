/** The service's pino logger, provided by ObservabilityModule (its own file so the guard can inject it without an import cycle). */
export const LOGGER = Symbol('LOGGER');
