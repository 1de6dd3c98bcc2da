package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrInvalidToken is returned for a JWT that is malformed, badly signed,
// expired, meant for another audience or issuer, or carries no known role.
var ErrInvalidToken = errors.New("invalid bearer token")

// errCritHeader refuses tokens that require extensions: Tremplin knows none.
var errCritHeader = errors.New("crit header: extensions not supported")

// maxTokenBytes caps the size of a JWT given to the parser.
const maxTokenBytes = 16 << 10

// JWTConfig configures a JWTVerifier. Exactly one of HMACSecret (HS256) and
// JWKSURL (RS256 and ES256 keys published by an OIDC provider) is set.
type JWTConfig struct {
	// Issuer, when set, must equal the token's iss claim.
	Issuer string
	// Audience, when set, must be among the token's aud claim.
	Audience string
	// RoleClaim names the claim holding the role, a string or a list of
	// strings (default "roles"); a dotted name such as "realm_access.roles"
	// reaches into nested objects. When several roles are listed the most
	// privileged wins: hr_admin, ld_admin, manager, then employee.
	RoleClaim string
	// HMACSecret verifies HS256 tokens; at least 32 bytes.
	HMACSecret []byte
	// JWKSURL is where the JSON Web Key Set is fetched from.
	JWKSURL string
	// Leeway tolerates clock skew on exp, nbf and iat.
	Leeway time.Duration
	// HTTPClient fetches the key set (default: a client with a 10 s timeout).
	HTTPClient *http.Client
	// Logger receives key-set refresh failures (default: discarded).
	Logger *slog.Logger
}

// JWTVerifier checks bearer JWTs (signature, algorithm, exp, nbf, iat, iss,
// aud; a crit header is refused) and maps them to a Tremplin role. It is
// safe for concurrent use.
type JWTVerifier struct {
	parser    *jwt.Parser
	roleClaim string
	secret    []byte
	jwks      *jwksCache
}

// NewJWTVerifier checks cfg and returns a verifier. The key set, if any, is
// fetched on first use.
func NewJWTVerifier(cfg JWTConfig) (*JWTVerifier, error) {
	if (len(cfg.HMACSecret) > 0) == (cfg.JWKSURL != "") {
		return nil, errors.New("JWT : donnez soit un secret HS256, soit l'URL d'un jeu de clés JWKS (l'un des deux, pas les deux)")
	}
	if len(cfg.HMACSecret) > 0 && len(cfg.HMACSecret) < 32 {
		return nil, errors.New("JWT : le secret HS256 doit faire au moins 32 octets")
	}
	if cfg.Leeway < 0 {
		return nil, errors.New("JWT : la tolérance d'horloge ne peut pas être négative")
	}
	v := &JWTVerifier{roleClaim: cfg.RoleClaim, secret: cfg.HMACSecret}
	if v.roleClaim == "" {
		v.roleClaim = "roles"
	}
	methods := []string{"HS256"}
	if cfg.JWKSURL != "" {
		if !strings.HasPrefix(cfg.JWKSURL, "https://") && !strings.HasPrefix(cfg.JWKSURL, "http://") {
			return nil, fmt.Errorf("JWT : URL JWKS invalide %q (http:// ou https:// attendu)", cfg.JWKSURL)
		}
		methods = []string{"RS256", "ES256"}
		v.jwks = newJWKSCache(cfg.JWKSURL, cfg.HTTPClient, cfg.Logger)
	}
	// WithIssuedAt refuses an iat in the future (beyond the leeway).
	opts := []jwt.ParserOption{jwt.WithValidMethods(methods), jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(cfg.Leeway)}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

// Verify checks token and returns the caller's role and subject (sub). Every
// failure wraps ErrInvalidToken.
func (v *JWTVerifier) Verify(ctx context.Context, token string) (Role, string, error) {
	if len(token) > maxTokenBytes {
		return "", "", fmt.Errorf("%w: too long", ErrInvalidToken)
	}
	claims := jwt.MapClaims{}
	_, err := v.parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		if _, ok := t.Header["crit"]; ok { // no extension is understood (RFC 7515 §4.1.11)
			return nil, errCritHeader
		}
		if v.jwks == nil {
			return v.secret, nil
		}
		kid, _ := t.Header["kid"].(string)
		return v.jwks.key(ctx, kid, t.Method.Alg())
	})
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	sub, err := claims.GetSubject()
	if err != nil || sub == "" {
		return "", "", fmt.Errorf("%w: no subject", ErrInvalidToken)
	}
	role, ok := roleOf(lookupClaim(claims, v.roleClaim))
	if !ok {
		return "", "", fmt.Errorf("%w: no known role in claim %q", ErrInvalidToken, v.roleClaim)
	}
	return role, sub, nil
}

// lookupClaim returns the claim name, trying it whole first and then as a
// dotted path into nested objects.
func lookupClaim(claims map[string]any, name string) any {
	if v, ok := claims[name]; ok {
		return v
	}
	var cur any = claims
	for part := range strings.SplitSeq(name, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// roleOf returns the most privileged Tremplin role in v, a string or a
// list of strings; other values are ignored.
func roleOf(v any) (Role, bool) {
	var names []string
	switch x := v.(type) {
	case string:
		names = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				names = append(names, s)
			}
		}
	}
	for _, r := range []Role{RoleHRAdmin, RoleLDAdmin, RoleManager, RoleEmployee} {
		if slices.Contains(names, string(r)) {
			return r, true
		}
	}
	return "", false
}
