package api

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiters holds one token bucket per caller (API key id, or IP in open mode).
type limiters struct {
	mu    sync.Mutex
	rps   rate.Limit
	burst int
	m     map[string]*rate.Limiter
}

func newLimiters(rps float64, burst int) *limiters {
	return &limiters{rps: rate.Limit(rps), burst: burst, m: map[string]*rate.Limiter{}}
}

func (l *limiters) get(id string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[id]
	if !ok {
		if len(l.m) > 100_000 { // bound memory under a flood of distinct callers
			l.m = map[string]*rate.Limiter{}
		}
		lim = rate.NewLimiter(l.rps, l.burst)
		l.m[id] = lim
	}
	return lim
}

// rateLimit answers 429 with Retry-After when a caller exceeds its rate.
func (s *server) rateLimit() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !s.limited(c) {
			c.Next()
		}
	}
}

// limited takes a token from the caller's bucket; when there is none it
// answers 429 with Retry-After and reports true.
func (s *server) limited(c *gin.Context) bool {
	if s.limits == nil {
		return false
	}
	res := s.limits.get(c.GetString(ctxCallerID)).Reserve()
	d := res.Delay()
	if d <= 0 {
		return false
	}
	res.Cancel()
	c.Header("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	writeError(c, s.logger, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Message: "trop de requêtes : réessayez dans " + d.Round(time.Second).String()})
	return true
}
