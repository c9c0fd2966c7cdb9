# syntax=docker/dockerfile:1
# Three roles from one image (README "Deploying"):
#   release: node_modules/.bin/prisma migrate deploy
#   web:     node build/server.js            (the default command)
#   worker:  node build/worker.js
# node runs as PID 1 and handles SIGTERM/SIGINT itself (app/process/lifecycle.ts);
# the app starts no child processes, so nothing needs reaping (`docker run
# --init` adds tini if you want one anyway).

FROM node:22-slim AS base
WORKDIR /app
ENV CHECKPOINT_DISABLE=1

# Build: every dependency, then the Prisma client, the Remix build, the
# web server and the worker (npm run build).
FROM base AS build
COPY package.json package-lock.json ./
COPY scripts/check-node-version.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies only (no Remix compiler, TypeScript, vitest, tsx,
# embedded PostgreSQL). The Prisma client generated in `build` is copied in.
FROM base AS production-dependencies
COPY package.json package-lock.json ./
COPY scripts/check-node-version.mjs scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM base AS runtime
ENV NODE_ENV=production PORT=3000
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/docker-start.sh scripts/
USER node
EXPOSE 3000
CMD ["node", "build/server.js"]
