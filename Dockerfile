# syntax=docker/dockerfile:1
# One image for all five Herald services and the gateway (which serves the console). Pick one with the command:
#   docker run herald:0.1.0 apps/dispatch/dist/main.js
# (the default command runs ingestion). Build: docker build -t herald:0.1.0 .
ARG NODE_IMAGE=node:24-bookworm-slim

# --- manifests: only the package.json files and the lockfile, so the dependency
# layers below are rebuilt only when dependencies change, not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && tar -cf - package.json package-lock.json libs/*/package.json apps/*/package.json | tar -xf - -C /manifests

# --- build: every dependency, compile the libraries, the four services and the gateway, bundle the console.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY apps/ apps/
RUN npx tsc -b apps/ingestion apps/incidents apps/dispatch apps/analytics apps/gateway apps/cli \
 && npx tsc -p apps/console && npx vite build apps/console --outDir dist/web --logLevel warn \
 && mkdir -p /out \
 && for dir in libs/* apps/*; do mkdir -p "/out/$dir" && cp -r "$dir/dist" "/out/$dir/dist"; done \
 && find /out \( -name '*.spec.js' -o -name '*.spec.js.map' -o -name '*.spec.d.ts' -o -name '*.spec.d.ts.map' -o -name '*.tsbuildinfo' \) -delete

# --- deps: production dependencies only (the workspaces become symlinks in node_modules/@herald).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime: node, production node_modules, compiled output; nothing else.
FROM ${NODE_IMAGE} AS runtime
# No --enable-source-maps: with it, Node parses and keeps the source map of every module it
# loads (30-40 MiB per service in the bench's storm). Stack traces name dist/*.js, which tsc
# emits line for line from src/*.ts.
ENV NODE_ENV=production
# As deploy/service-runtime.json (a test keeps the two equal): V8's old generation grows to ~1.3x
# what it holds between full collections instead of up to 4x, 4 MiB semi-spaces (an 8 MiB young
# generation), one malloc arena. Peak RSS in a 10k-alert storm ~110 MiB lower for dispatch and
# incidents, for ~10-15% more CPU in Herald's own processes in a storm (README, Performance).
# One V8 worker thread per service (instead of four): on a small host a collection's helper
# threads queued behind every other process, and the alert in flight waited for them.
# Raise --max-old-space-size if a service needs more heap.
ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=4 --v8-pool-size=1" \
    MALLOC_ARENA_MAX=1
WORKDIR /app
COPY --from=deps /app/ ./
COPY --from=build /out/ ./
COPY deploy/docker/healthcheck.mjs deploy/docker/healthcheck.mjs
# The image's files belong to root and are read-only for the service; it needs no
# writable path but /tmp (mounted as an emptyDir / tmpfs with a read-only root).
USER 1000:1000
EXPOSE 8080 8081 8082 8083 8084 8085
# PORT must be set for a service other than ingestion (each has its own default port).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "/health/live"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node"]
CMD ["apps/ingestion/dist/main.js"]
