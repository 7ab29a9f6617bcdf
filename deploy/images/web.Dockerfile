# The web app (console and OpenWhisk API): apps/web/server.ts on the production build.
ARG APP=brisk-app:latest
FROM ${APP}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /opt/brisk/apps/web
# Next.js writes its runtime cache under .next/cache; nothing else is written.
RUN mkdir -p .next/cache && chown 65534:65534 .next/cache
USER 65534:65534
EXPOSE 3000
CMD ["node", "--import", "tsx", "server.ts"]
