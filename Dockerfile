# altegio-hooks-mock: the mock as a test double, `docker run -p 8080:8080 IMAGE`.
ARG NODE_MAJOR=24

# Build: full dependencies, compile TypeScript and bundle the CLI.
FROM node:${NODE_MAJOR}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Runtime: compiled JavaScript only. The CLI bundle carries its production
# dependencies, so no node_modules (and no dev dependency) reaches the image.
FROM node:${NODE_MAJOR}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_FILE=/data/db.json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/dist/altegio-hooks-mock.js /app/dist/webhook-worker.js /app/dist/compaction-worker.js /app/dist/docs-app.js /app/dist/upstream-client.js /app/dist/dictionaries-data.js /app/dist/light-my-request.cjs /app/dist/fast-json-stringify.cjs /app/dist/altegio-hooks-mock-healthcheck.js ./dist/
COPY --from=build /app/dist/swagger-ui ./dist/swagger-ui
COPY --from=build /app/dist/dashboard ./dist/dashboard
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/app/dist/altegio-hooks-mock-healthcheck.js"]
ENTRYPOINT ["node", "/app/dist/altegio-hooks-mock.js"]
