# One image for every service; SERVICE picks which one a container runs.
#   docker build -f deploy/service.Dockerfile -t feedback-desk .
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY libs ./libs
COPY apps ./apps
ENV NODE_ENV=production
USER node
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${SERVICE}/src/main.ts"]
