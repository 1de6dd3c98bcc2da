# Multi-stage build: a static binary on an empty base image, running as non-root.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tremplin ./cmd/tremplin \
 && mkdir -p /out/data && chown 65532:65532 /out/data

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/tremplin /tremplin
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV TREMPLIN_DATA=/data
EXPOSE 8080
ENTRYPOINT ["/tremplin"]
CMD ["serve"]
