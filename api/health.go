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

// FeedReporter reports how far a replica lags behind the shared change
// feed. FeedReport returns what /readyz shows under "feed" (with full, the
// item counts and digests of the replica's text index and of the shared
// store, which the multi-replica tests compare), and whether the replica
// is ready: caught up once since it started.
type FeedReporter interface {
	FeedReport(ctx context.Context, full bool) (report any, ready bool, err error)
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
		out := gin.H{"checks": checks}
		if s.deps.Feed != nil {
			report, ready, err := s.deps.Feed.FeedReport(ctx, c.Query("consistency") == "1")
			switch {
			case err != nil:
				s.logger.WarnContext(ctx, "readiness check failed", "check", "change_feed", "err", err)
				checks["change_feed"] = "indisponible"
				status = http.StatusServiceUnavailable
			case !ready:
				checks["change_feed"] = "en retard"
				status = http.StatusServiceUnavailable
			default:
				checks["change_feed"] = "ok"
			}
			out["feed"] = report
		}
		out["status"] = "ready"
		if status != http.StatusOK {
			out["status"] = "not_ready"
		}
		s.writeJSON(c, status, out)
	}
}
