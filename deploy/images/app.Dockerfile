# Brisk's sources, the Prisma client and the production web build, over the
# dependencies image. The web and worker images only add their command.
ARG DEPS=brisk-deps:latest
FROM ${DEPS}
COPY tree/ /opt/brisk/
ARG BRISK_BUILD=unknown
ARG BRISK_BUILDNO=unknown
# The image has no .git: /api/v1 reports the commit it was built from.
ENV BRISK_BUILD=${BRISK_BUILD} BRISK_BUILDNO=${BRISK_BUILDNO} NEXT_TELEMETRY_DISABLED=1
WORKDIR /opt/brisk
