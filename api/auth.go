package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// Role is what an authenticated caller may do.
type Role string

// The roles of Tremplin's users.
const (
	RoleEmployee Role = "employee"
	RoleManager  Role = "manager"
	RoleLDAdmin  Role = "ld_admin"
	// RoleHRAdmin comes only from an identity provider (OIDC sign-in or a
	// Bearer JWT), never from an API key.
	RoleHRAdmin Role = "hr_admin"
)

// Readers may read the catalog and ask for recommendations.
var readers = []Role{RoleEmployee, RoleManager, RoleLDAdmin, RoleHRAdmin}

// keyRoles are the roles an API key may have.
var keyRoles = []Role{RoleEmployee, RoleManager, RoleLDAdmin}

// Keys maps the SHA-256 of API keys to roles; keys themselves are never kept.
type Keys struct {
	byHash map[[sha256.Size]byte]keyEntry
}

type keyEntry struct {
	role Role
	id   string // short, non-secret id for logs
	// bucket names the caller's rate-limit bucket, set per request: the
	// web session, the JWT subject, or the key with the client IP (a role
	// key is shared by many people).
	bucket string
	// sub, manager and name are set for a user signed in through OIDC:
	// their subject, their manager's id and display name, from the ID token.
	sub, manager, name string
}

// ParseKeys reads "role:key,role:key". A key written "sha256:<hex>" is
// already hashed. An empty spec gives no keys (open demo mode).
func ParseKeys(spec string) (*Keys, error) {
	k := &Keys{byHash: map[[sha256.Size]byte]keyEntry{}}
	for i, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		role, key, ok := strings.Cut(part, ":")
		r := Role(strings.TrimSpace(role))
		if !ok || !slices.Contains(keyRoles, r) || strings.TrimSpace(key) == "" {
			return nil, fmt.Errorf("clé d'API n° %d : format attendu rôle:clé avec rôle parmi employee, manager, ld_admin", i+1)
		}
		h, err := hashKey(strings.TrimSpace(key))
		if err == nil {
			err = checkStrength(strings.TrimSpace(key))
		}
		if err != nil {
			return nil, fmt.Errorf("clé d'API n° %d : %w", i+1, err)
		}
		k.byHash[h] = keyEntry{role: r, id: hex.EncodeToString(h[:4])}
	}
	return k, nil
}

func hashKey(key string) ([sha256.Size]byte, error) {
	var h [sha256.Size]byte
	if hx, ok := strings.CutPrefix(key, "sha256:"); ok {
		b, err := hex.DecodeString(hx)
		if err != nil || len(b) != sha256.Size {
			return h, fmt.Errorf("empreinte sha256 invalide")
		}
		copy(h[:], b)
		return h, nil
	}
	return sha256.Sum256([]byte(key)), nil
}

// Minimum key material of an API key: 128 bits, i.e. 22 base64 or
// base64url characters, or 32 hexadecimal ones.
const (
	minKeyChars    = 22
	minHexKeyChars = 32
	minKeyDistinct = 8 // fewer distinct characters is a pattern, not a random key
)

// errWeakKey tells how to make a key strong enough.
var errWeakKey = fmt.Errorf("clé trop faible : au moins 128 bits aléatoires attendus (%d caractères base64 ou %d hexadécimaux) ; générez-en une avec « openssl rand -base64 32 » ou donnez son empreinte sha256:<hex>", minKeyChars, minHexKeyChars)

// checkStrength refuses keys shorter than 128 bits of key material. A key
// given as its sha256: digest is not checked (its strength is unknown).
func checkStrength(key string) error {
	if strings.HasPrefix(key, "sha256:") {
		return nil
	}
	material := strings.TrimRight(key, "=")
	distinct := map[rune]bool{}
	hexOnly := true
	for _, r := range material {
		distinct[r] = true
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			hexOnly = false
		}
	}
	need := minKeyChars
	if hexOnly {
		need = minHexKeyChars
	}
	if len(material) < need || len(distinct) < minKeyDistinct {
		return errWeakKey
	}
	return nil
}

// Len returns the number of configured keys.
func (k *Keys) Len() int { return len(k.byHash) }

func (k *Keys) lookup(key string) (keyEntry, bool) {
	h := sha256.Sum256([]byte(key))
	e, ok := k.byHash[h] // looked up by hash: timing reveals nothing of the key
	return e, ok
}

const (
	ctxRole     = "tremplin.role"
	ctxCallerID = "tremplin.caller"
	ctxBucket   = "tremplin.bucket"
)

// open reports open demo mode: neither API keys, a JWT verifier nor OIDC sign-in.
func (s *server) open() bool {
	return s.keys.Len() == 0 && s.opts.JWT == nil && s.oidc == nil
}

// authenticate sets the caller's role from a Bearer key or JWT, or the
// session cookie. In open demo mode every caller is ld_admin.
func (s *server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ip := ipBucket(c.ClientIP())
		if s.open() && !s.demoSession(c) { // a demo person's session decides below
			c.Set(ctxRole, RoleLDAdmin)
			c.Set(ctxCallerID, ip)
			c.Next()
			return
		}
		bearer := hasBearer(c)
		if bearer && s.noFailuresLeft(c) {
			c.Set(ctxCallerID, ip)
			tooManyRequests(c, s, s.failureWait(c))
			return
		}
		e, found := s.caller(c)
		if !found {
			c.Set(ctxCallerID, ip)
			if bearer { // a wrong key or token: the stricter bucket of failures
				s.authFailed(c)
			} else if s.limited(c) { // no credentials (or an expired session): the IP's bucket
				return
			}
			c.Header("WWW-Authenticate", `Bearer realm="tremplin"`)
			writeError(c, s.logger, &Error{Status: http.StatusUnauthorized, Code: "unauthenticated",
				Message: "authentification requise : envoyez une clé d'API ou un jeton valide (Authorization: Bearer …)"})
			return
		}
		c.Set(ctxRole, e.role)
		c.Set(ctxCallerID, "key:"+e.id)
		c.Set(ctxBucket, e.bucket)
		c.Next()
	}
}

// hasBearer reports whether the request carries an Authorization: Bearer credential.
func hasBearer(c *gin.Context) bool {
	h := c.GetHeader("Authorization")
	return len(h) >= 7 && strings.EqualFold(h[:7], "Bearer ")
}

// require lets through only callers with one of roles.
func (s *server) require(roles ...Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		r, _ := c.Get(ctxRole)
		if role, ok := r.(Role); !ok || !slices.Contains(roles, role) {
			writeError(c, s.logger, &Error{Status: http.StatusForbidden, Code: "forbidden",
				Message: "votre rôle ne permet pas cette action"})
			return
		}
		c.Next()
	}
}

// caller identifies the caller by a Bearer API key, a Bearer JWT when a
// verifier is configured or, for the web pages, by the session cookie set
// at sign-in.
func (s *server) caller(c *gin.Context) (keyEntry, bool) {
	if hasBearer(c) {
		tok := strings.TrimSpace(c.GetHeader("Authorization")[7:]) // the scheme is case-insensitive (RFC 9110)
		if e, ok := s.keys.lookup(tok); ok {
			e.bucket = "key:" + e.id + "|" + ipBucket(c.ClientIP())
			return e, true
		}
		return s.jwtCaller(c, tok)
	}
	if id, err := c.Cookie(sessionCookie); err == nil {
		e, ok := s.sessions.lookup(id)
		h := sha256.Sum256([]byte(id))
		e.bucket = "session:" + hex.EncodeToString(h[:8])
		return e, ok
	}
	return keyEntry{}, false
}

// jwtCaller verifies tok as a JWT when a verifier is configured and tok
// has the three parts of a JWS compact serialization. Neither the token nor
// its claims are logged; the caller's id is a short hash of the subject.
func (s *server) jwtCaller(c *gin.Context, tok string) (keyEntry, bool) {
	if s.opts.JWT == nil || strings.Count(tok, ".") != 2 {
		return keyEntry{}, false
	}
	role, sub, err := s.opts.JWT.Verify(c.Request.Context(), tok)
	if err != nil {
		s.logger.DebugContext(c.Request.Context(), "jwt rejected", "err", err)
		return keyEntry{}, false
	}
	h := sha256.Sum256([]byte(sub))
	id := "jwt:" + hex.EncodeToString(h[:4])
	return keyEntry{role: role, id: id, sub: sub, bucket: "jwt:" + hex.EncodeToString(h[:8])}, true
}

// sessionCookie holds the id of a signed-in web user's session (HttpOnly, SameSite=Strict).
const sessionCookie = "tremplin_session"
