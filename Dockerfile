# Multi-stage build: a static binary on a distroless base, running as non-root.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tremplin ./cmd/tremplin

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tremplin /tremplin
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/tremplin"]
CMD ["serve"]
