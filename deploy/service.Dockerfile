# One image for every service; SERVICE picks which one a container runs.
#   docker build -f deploy/service.Dockerfile -t feedback-desk .
# The services are compiled once (tools/build/build.js, docs/architecture.md "The compiled
# runtime") in the build stage; the image holds dist/, the web UI and the production
# dependencies only, and runs as the unprivileged `node` user on the current Node LTS line (an exact
# version: docs/operations.md, "The image and docker-compose.yml").
ARG NODE_IMAGE=node:26.12.1-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.json ./
COPY tools/build ./tools/build
COPY libs ./libs
COPY apps ./apps
RUN node tools/build/build.js && npx vite build apps/web --logLevel warn

FROM ${NODE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=4
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
USER node
# Liveness: the process answers. Readiness (/health/ready) is what docker-compose.yml waits for.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
