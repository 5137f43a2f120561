# syntax=docker/dockerfile:1
# Build: a static binary with the synopses embedded (CGO_ENABLED=0; the
# SQLite driver is pure Go). .ci/run builds the same binary the same way.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/iafbot .

# Run: CA certificates for HTTPS to Discord (also behind a proxy: HTTPS_PROXY,
# SSL_CERT_FILE), tzdata for Europe/Berlin (the binary embeds it as well),
# an unprivileged user, and a volume for the recap database.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --create-home iafbot \
 && mkdir -p /app/data && chown iafbot:iafbot /app/data
COPY --from=build /out/iafbot /usr/local/bin/iafbot
USER iafbot
WORKDIR /app
ENV DATA_DIR=/app/data TZ=Europe/Berlin
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["iafbot"]
CMD ["serve"]
