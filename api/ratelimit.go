package api

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// maxBuckets bounds the callers a limiter remembers; the least recently
// seen are forgotten first, so a flood of new callers never resets the
// buckets of the active ones.
const maxBuckets = 100_000

// Default bucket of failed authentications (wrong API key or JWT, on the
// API and on the sign-in page) per client IP: 10 tries, then one every 6 s.
const (
	defaultAuthFailureRate  = 1.0 / 6
	defaultAuthFailureBurst = 10
)

// limiters holds one token bucket per caller (session, key and IP, JWT
// subject, or IP) in a bounded LRU.
type limiters struct {
	rps   rate.Limit
	burst int
	m     *lru.Cache[string, *rate.Limiter]
}

func newLimiters(rps float64, burst int) *limiters {
	m, err := lru.New[string, *rate.Limiter](maxBuckets)
	if err != nil { // only for a size ≤ 0
		panic(err)
	}
	return &limiters{rps: rate.Limit(rps), burst: burst, m: m}
}

func (l *limiters) get(id string) *rate.Limiter {
	if lim, ok := l.m.Get(id); ok {
		return lim
	}
	lim := rate.NewLimiter(l.rps, l.burst)
	if prev, ok, _ := l.m.PeekOrAdd(id, lim); ok { // another request added it first
		return prev
	}
	return lim
}

// ipBucket names the bucket of a client IP: the address for IPv4, its /64
// for IPv6 (one host commonly holds a whole /64, so rotating addresses
// within it must not give fresh buckets).
func ipBucket(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "ip:" + ip
	}
	if a = a.Unmap(); a.Is6() {
		p, _ := a.Prefix(64)
		return "ip:" + p.String()
	}
	return "ip:" + a.String()
}

// rateLimit answers 429 with Retry-After when a caller exceeds its rate.
func (s *server) rateLimit() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !s.limited(c) {
			c.Next()
		}
	}
}

// rateLimitIP limits by client IP the requests that reach no route.
func (s *server) rateLimitIP() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(ctxBucket, ipBucket(c.ClientIP()))
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
	bucket := c.GetString(ctxBucket)
	if bucket == "" {
		bucket = c.GetString(ctxCallerID)
	}
	res := s.limits.get(bucket).Reserve()
	d := res.Delay()
	if d <= 0 {
		return false
	}
	res.Cancel()
	tooManyRequests(c, s, d)
	return true
}

// noFailuresLeft reports whether the client IP has no failed
// authentication left for now. It is checked before credentials are: a
// correct guess made over the limit must not be recognisable.
func (s *server) noFailuresLeft(c *gin.Context) bool {
	return s.authFailures.get(ipBucket(c.ClientIP())).Tokens() < 1
}

// failureWait is how long until the client IP may try to authenticate again.
func (s *server) failureWait(c *gin.Context) time.Duration {
	lim := s.authFailures.get(ipBucket(c.ClientIP()))
	return time.Duration(max(0, 1-lim.Tokens()) / float64(lim.Limit()) * float64(time.Second))
}

// authFailed spends one token of the client IP's failed-authentication bucket.
func (s *server) authFailed(c *gin.Context) {
	s.authFailures.get(ipBucket(c.ClientIP())).Allow()
}

// retryAfter sets Retry-After to d rounded up to a whole second (at least 1).
func retryAfter(c *gin.Context, d time.Duration) {
	c.Header("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
}

func tooManyRequests(c *gin.Context, s *server, d time.Duration) {
	retryAfter(c, d)
	writeError(c, s.logger, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Message: "trop de requêtes : réessayez dans " + max(time.Second, d.Round(time.Second)).String()})
}
