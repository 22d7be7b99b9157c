FROM golang:1.26-alpine AS build
WORKDIR /src

COPY go.mod go.sum ./
RUN go mod download

COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/mcp-opa-authz .

FROM gcr.io/distroless/static-debian12:nonroot

LABEL org.opencontainers.image.title="mcp-opa-authz" \
      org.opencontainers.image.source="https://github.com/kanywst/mcp-opa-authz" \
      org.opencontainers.image.licenses="MIT"

COPY --from=build /out/mcp-opa-authz /usr/local/bin/mcp-opa-authz

USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/mcp-opa-authz"]
