# The Nhắc Hạn app image: one image, three commands (migrate, worker, web); see docker-compose.yml.
# Not built on the development machines (no Docker engine there); kept correct against the images' documentation.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    # The Temporal servers come from the official images in docker-compose; the project's toolchain step is only
    # for the embedded default.
    NHAC_HAN_SKIP_TOOLCHAIN=1 \
    DATA_DIR=/data

WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run db:generate && npm run build:workflow

RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/nhac-han.js"]
CMD ["web"]
