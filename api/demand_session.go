package api

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/gin-gonic/gin"
)

// planCookie holds a random id per plan-building session, so that the
// Lacunes report counts a demanded skill once per session. It names no one
// and the server keeps nothing of it but salted hashes in memory.
const planCookie = "tremplin_plan"

// planSessionSeconds bounds a plan-building session: one meeting.
const planSessionSeconds = 2 * 60 * 60

// planSession returns the caller's plan-building session id, setting a new
// one in a cookie for a browser without one; "" for API clients (Bearer),
// whose every request counts.
func (s *server) planSession(c *gin.Context) string {
	if hasBearer(c) {
		return ""
	}
	if id, err := c.Cookie(planCookie); err == nil && len(id) == 22 {
		return id
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	id := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(c.Writer, &http.Cookie{
		Name: planCookie, Value: id, Path: "/", MaxAge: planSessionSeconds,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.requestHTTPS(c),
	})
	return id
}
