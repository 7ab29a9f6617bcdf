# A worker. It runs as root: it talks to the Docker engine through the mounted
# socket and makes each action container's channel directory (owned by that
# container's uid) under BRISK_SOCKET_ROOT, which must be the same path on the
# host and in this container (the engine bind-mounts host paths).
ARG APP=brisk-app:latest
FROM ${APP}
ENV NODE_ENV=production
WORKDIR /opt/brisk
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "apps/worker/src/main.ts"]
