# The streamer with node as PID 1: `docker stop` sends SIGTERM to node itself, which stops the
# feed, flushes what is pending, quits Redis and exits 0 (no npm or shell in between to swallow
# the signal). Build: docker build -t orderbook-streamer .
# Run:   docker run --rm -p 8080:8080 -e HOST=0.0.0.0 -e REDIS_URL=redis://redis:6379 -e ADMIN_TOKEN=... orderbook-streamer
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-fund --no-audit && npm run build && npm run build:server && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 8080
# Exec form: node is PID 1 and gets the signal. main.ts handles SIGTERM/SIGINT (and exits at once
# on a second one), so no init is needed to forward signals; --init would add one for zombies.
CMD ["node", "apps/server/dist/main.js"]
STOPSIGNAL SIGTERM
