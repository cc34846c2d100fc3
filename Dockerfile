# The relay's container image: the relay bundle plus the built widget and extension zip it serves.
# Build: docker build -t teams-status-relay . (see docs/deploy.md)

# One Node version for both stages; pinned so a rebuild is the same image (bump on purpose).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Extension (and its store zip), widget and relay bundle, exactly as `npm run build` makes them.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="teams-status-relay" \
      org.opencontainers.image.description="Teams Status relay: status pages, widget feed and API over Redis"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    RELAY_DATA_DIR=/data
WORKDIR /app
# The bundle holds its npm dependencies, so the image has no node_modules at all: nothing of the
# extension (preact, idb, qrcode) and no build tools. The layout mirrors dist/, where the relay
# looks by default (RELAY_ASSETS_DIR, RELAY_WIDGET_FILE, RELAY_EXTENSION_ZIP override it).
COPY --from=build /src/dist/relay ./dist/relay
COPY --from=build /src/dist/widget/teams-status.js ./dist/widget/teams-status.js
COPY --from=build /src/dist/teams-status-extension.zip ./dist/teams-status-extension.zip
# Files stay root-owned and read-only to the relay; only the data directory is its own. With
# Redis nothing is written there; the embedded store (no REDIS_URL) keeps its journal in it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The node image's unprivileged user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The relay drains on SIGTERM (event streams end cleanly, in-flight requests finish) and exits.
STOPSIGNAL SIGTERM
# Every open event stream over HTTP/1.1 is a file descriptor, and container runtimes often start
# processes with a soft limit of 1,024: raised to the hard limit (the runtime's, e.g. docker run
# --ulimit nofile=200000:200000) before node starts; exec keeps node as PID 1 for the signals.
ENTRYPOINT ["sh", "-c", "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec node --enable-source-maps dist/relay/main.js \"$@\"", "relay"]
