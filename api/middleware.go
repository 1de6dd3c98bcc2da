package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
)

const ctxRequestID = "tremplin.request_id"

// requestID gives every request an id (kept from X-Request-Id when sane)
// and echoes it in the response.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if len(id) == 0 || len(id) > 64 || !printableASCII(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-Id", id)
		c.Next()
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// accessLog writes one structured line per request: method, route, status,
// latency, sizes, caller id. Never bodies or query strings: they may hold an
// employee's projet or skills.
func accessLog(logger *slog.Logger, observe func(route, method string, status int, d time.Duration)) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		d := time.Since(start)
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		method := methodLabel(c.Request.Method)
		observe(route, method, c.Writer.Status(), d)
		logger.LogAttrs(c.Request.Context(), slog.LevelInfo, "http request",
			slog.String("request_id", c.GetString(ctxRequestID)),
			slog.String("method", method),
			slog.String("route", route),
			slog.Int("status", c.Writer.Status()),
			slog.Float64("latency_ms", float64(d.Microseconds())/1000),
			slog.Int64("bytes_in", c.Request.ContentLength),
			slog.Int("bytes_out", c.Writer.Size()),
			slog.String("caller", c.GetString(ctxCallerID)),
		)
	}
}

// knownMethods are the HTTP methods of RFC 9110 and PATCH.
var knownMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace}

// methodLabel returns method when it is a known one, else "other": labels
// of metrics and logs come from closed sets, whatever a client sends.
func methodLabel(method string) string {
	if slices.Contains(knownMethods, method) {
		return method
	}
	return "other"
}

// cors allows the configured origins only (none by default: the web pages
// are served from the same origin).
func cors(origins []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if origin != "" && slices.Contains(origins, origin) {
			h := c.Writer.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Vary", "Origin")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id")
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
			h.Set("Access-Control-Max-Age", "600")
			if c.Request.Method == http.MethodOptions {
				c.AbortWithStatus(http.StatusNoContent)
				return
			}
		}
		c.Next()
	}
}

// limitBody caps request bodies at n bytes; reading past it fails and the
// handler answers 413.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		}
		c.Next()
	}
}
