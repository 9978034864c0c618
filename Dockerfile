# syntax=docker/dockerfile:1
# Two stages: build the release binary, then copy it alone into a small Debian image.
# Response packs and database migrations are compiled into the binary; nothing else is copied.

FROM rust:1.95-slim-bookworm AS build
# make: jemalloc (the binary's allocator) is built from C source; the slim image has gcc but not make.
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Cache mounts keep the crate registry and build artifacts between builds.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin mops-bot \
    && install -D -m 0755 target/release/mops-bot /out/mops-bot

FROM debian:bookworm-slim AS runtime
# tzdata: the IANA time-zone database for per-channel nudge schedules.
# TLS roots are compiled in (rustls with webpki roots), so no ca-certificates or OpenSSL.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --create-home mops
COPY --from=build /out/mops-bot /usr/local/bin/mops-bot
USER mops:mops
WORKDIR /data
ENV MOPS_LISTEN=0.0.0.0:3000 \
    DATABASE_URL=sqlite:///data/mops-bot.db \
    MOPS_LOG_FORMAT=json
EXPOSE 3000
VOLUME ["/data"]
# Healthy means ready to work (database answers, packs loaded, Socket Mode connected), which is
# what `depends_on: service_healthy` and load balancers want. Orchestrators with separate probes
# should use GET /healthz for liveness and GET /readyz for readiness (see the README).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s CMD ["mops-bot", "health", "--ready"]
ENTRYPOINT ["mops-bot"]
CMD ["serve"]
