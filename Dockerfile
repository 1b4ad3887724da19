# The Airbyte connector image (docs/airbyte.md): `zoom-adapter airbyte` as
# the entrypoint, the way Airbyte's Kubernetes engine runs custom sources.
# Built without the simulator (`--no-default-features`).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p zoom-adapter --no-default-features

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/zoom-adapter --create-home airbyte
COPY --from=build /src/target/release/zoom-adapter /usr/local/bin/zoom-adapter
# The state store (stored meetings, the quota ledger): mount a volume here
# to keep it between syncs.
ENV XDG_STATE_HOME=/var/lib/zoom-adapter
ENV AIRBYTE_ENTRYPOINT="zoom-adapter airbyte"
USER 10001
ENTRYPOINT ["zoom-adapter", "airbyte"]
LABEL io.airbyte.name="zoom-adapter/source-zoom" \
      io.airbyte.version="0.1.0"
