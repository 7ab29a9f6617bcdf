# Node.js and the installed node_modules, on the project's Debian base. The
# base's own nodejs (Debian's 18, for action containers) is too old for Next.js
# and Prisma 7, so the Node.js binary the repository is built and tested with
# is copied in (scripts/lib/app-images.ts puts it in the context as ./node).
ARG BASE=brisk-base:bookworm
FROM ${BASE}
# git: push-to-deploy fetches commits with it; ca-certificates: https remotes and GitHub's API.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY node /usr/local/bin/node
WORKDIR /opt/brisk
COPY tree/ /opt/brisk/
