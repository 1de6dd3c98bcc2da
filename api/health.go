package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/gin-gonic/gin"
)

func (s *server) handleHealthz() gin.HandlerFunc {
	return func(c *gin.Context) {
		s.writeJSON(c, http.StatusOK, gin.H{"status": "ok"})
	}
}

// handleReadyz pings every dependency (indexes, Postgres when configured).
func (s *server) handleReadyz() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		names := make([]string, 0, len(s.deps.Ready))
		for n := range s.deps.Ready {
			names = append(names, n)
		}
		sort.Strings(names)
		checks := gin.H{}
		status := http.StatusOK
		for _, n := range names {
			if err := s.deps.Ready[n].Ping(ctx); err != nil {
				s.logger.WarnContext(ctx, "readiness check failed", "check", n, "err", err)
				checks[n] = "indisponible"
				status = http.StatusServiceUnavailable
				continue
			}
			checks[n] = "ok"
		}
		state := "ready"
		if status != http.StatusOK {
			state = "not_ready"
		}
		s.writeJSON(c, status, gin.H{"status": state, "checks": checks})
	}
}
