package api

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

const (
	testIssuer   = "https://idp.example.fr/realms/rh"
	testAudience = "tremplin"
	testSecret   = "secret-hs256-de-test-0123456789-abcdef"
)

// claimsFor returns valid claims for role, valid for an hour; edit adjusts them.
func claimsFor(role any, edit func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"sub": "salarie-42", "iss": testIssuer, "aud": testAudience,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "roles": role}
	if edit != nil {
		edit(c)
	}
	return c
}

// sign signs claims with method and key, naming kid in the header when set.
func sign(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newJWTEnv starts a test server accepting JWTs checked by v, with the
// usual API keys unless keys is non-nil.
func newJWTEnv(t *testing.T, v *JWTVerifier, keys *Keys) *testEnv {
	t.Helper()
	return newTestEnv(t, Options{JWT: v, Keys: keys}, nil)
}

// signCrit signs claims with HS256 and a crit header naming an extension.
func signCrit(t *testing.T, secret []byte, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["crit"] = []string{"exp-ext"}
	tok.Header["exp-ext"] = true
	s, err := tok.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustVerifier(t *testing.T, cfg JWTConfig) *JWTVerifier {
	t.Helper()
	v, err := NewJWTVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const newItem = `{"id":"form-jwt","kind":"formation","title":"Formation créée avec un JWT"}`

func TestJWTHS256(t *testing.T) {
	secret := []byte(testSecret)
	hs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodHS256, secret, "", c) }
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, claimsFor("ld_admin", nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, target, body, token string
		want                              int
	}{
		{"ld_admin creates an item", "POST", "/api/v1/items", newItem, hs(claimsFor("ld_admin", nil)), 201},
		{"ld_admin imports", "POST", "/api/v1/items:import", `{"id":"form-imp","kind":"formation","title":"Importée"}` + "\n", hs(claimsFor("ld_admin", nil)), 200},
		{"employee may not write", "POST", "/api/v1/items", newItem, hs(claimsFor("employee", nil)), 403},
		{"employee reads", "GET", "/api/v1/items?q=maintenance", "", hs(claimsFor("employee", nil)), 200},
		{"most privileged role of a list wins", "POST", "/api/v1/items", newItem, hs(claimsFor([]any{"employee", "ld_admin"}, nil)), 201},
		{"manager among unknown roles reads", "GET", "/api/v1/items", "", hs(claimsFor([]any{"offline_access", "manager"}, nil)), 200},
		{"manager among unknown roles may not write", "POST", "/api/v1/items", newItem, hs(claimsFor([]any{"offline_access", "manager"}, nil)), 403},
		{"expired within leeway", "GET", "/api/v1/items", "", hs(claimsFor("employee", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-10 * time.Second).Unix() })), 200},
		{"expired", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })), 401},
		{"missing exp", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { delete(c, "exp") })), 401},
		{"not yet valid", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() })), 401},
		{"wrong audience", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["aud"] = "autre-service" })), 401},
		{"audience in a list", "GET", "/api/v1/items", "", hs(claimsFor("employee", func(c jwt.MapClaims) { c["aud"] = []any{"account", testAudience} })), 200},
		{"missing audience", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { delete(c, "aud") })), 401},
		{"wrong issuer", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["iss"] = "https://pirate.example" })), 401},
		{"no subject", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { delete(c, "sub") })), 401},
		{"no known role", "GET", "/api/v1/items", "", hs(claimsFor([]any{"admin", "root"}, nil)), 401},
		{"role of another type", "GET", "/api/v1/items", "", hs(claimsFor(map[string]any{"ld_admin": true}, nil)), 401},
		{"bad signature", "GET", "/api/v1/items", "", sign(t, jwt.SigningMethodHS256, []byte(testSecret+"-autre"), "", claimsFor("ld_admin", nil)), 401},
		{"alg none", "GET", "/api/v1/items", "", none, 401},
		{"HS512 not allowed", "GET", "/api/v1/items", "", sign(t, jwt.SigningMethodHS512, secret, "", claimsFor("ld_admin", nil)), 401},
		{"three parts of garbage", "GET", "/api/v1/items", "", "a.b.c", 401},
		{"crit header", "GET", "/api/v1/items", "", signCrit(t, secret, claimsFor("ld_admin", nil)), 401},
		{"issued in the future", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["iat"] = time.Now().Add(time.Hour).Unix() })), 401},
		{"issued within leeway", "GET", "/api/v1/items", "", hs(claimsFor("ld_admin", func(c jwt.MapClaims) { c["iat"] = time.Now().Add(10 * time.Second).Unix() })), 200},
	}
	v := mustVerifier(t, JWTConfig{Issuer: testIssuer, Audience: testAudience, HMACSecret: secret, Leeway: 30 * time.Second})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newJWTEnv(t, v, nil)
			status, h, body := env.call(t, tt.method, tt.target, tt.token, contentTypeFor(tt.target), []byte(tt.body))
			if status != tt.want {
				t.Fatalf("status = %d, want %d; body %s", status, tt.want, body)
			}
			if status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if logs := env.logs.String(); strings.Contains(logs, tt.token) || strings.Contains(logs, "salarie-42") {
				t.Errorf("the logs hold the token or its subject:\n%s", logs)
			}
		})
	}
}

func contentTypeFor(target string) string {
	if strings.HasSuffix(target, ":import") {
		return "application/x-ndjson"
	}
	return "application/json"
}

func TestJWTRoleClaim(t *testing.T) {
	v := mustVerifier(t, JWTConfig{HMACSecret: []byte(testSecret), RoleClaim: "realm_access.roles"})
	tests := []struct {
		name   string
		claims jwt.MapClaims
		want   Role
	}{
		{"nested list", claimsFor(nil, func(c jwt.MapClaims) { c["realm_access"] = map[string]any{"roles": []any{"manager"}} }), RoleManager},
		{"flat name with a dot", claimsFor(nil, func(c jwt.MapClaims) { c["realm_access.roles"] = "ld_admin" }), RoleLDAdmin},
		{"default claim ignored", claimsFor("ld_admin", nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role, sub, err := v.Verify(t.Context(), sign(t, jwt.SigningMethodHS256, []byte(testSecret), "", tt.claims))
			if tt.want == "" {
				if err == nil {
					t.Fatalf("accepted as %s", role)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{string(tt.want), "salarie-42"}, []string{string(role), sub}); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestJWTWithoutKeysIsNotOpen(t *testing.T) {
	noKeys, err := ParseKeys("")
	if err != nil {
		t.Fatal(err)
	}
	env := newJWTEnv(t, mustVerifier(t, JWTConfig{HMACSecret: []byte(testSecret)}), noKeys)
	tests := []struct {
		name, token string
		want        int
	}{
		{"no token", "", 401},
		{"former API key", keyLDAdmin, 401},
		{"valid token", sign(t, jwt.SigningMethodHS256, []byte(testSecret), "", claimsFor("ld_admin", nil)), 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, _, body := env.call(t, "POST", "/api/v1/items", tt.token, "application/json", []byte(newItem)); status != tt.want {
				t.Fatalf("status = %d, want %d; body %s", status, tt.want, body)
			}
		})
	}
	if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/", "", nil); status != http.StatusSeeOther {
		t.Errorf("home page without sign-in: status %d, want a redirect to the sign-in page", status)
	}
}

// jwksServer publishes a mutable JSON Web Key Set and counts fetches.
type jwksServer struct {
	mu      sync.Mutex
	keys    []map[string]string
	fetches atomic.Int32
	url     string
}

func newJWKSServer(t *testing.T) *jwksServer {
	js := &jwksServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		js.fetches.Add(1)
		js.mu.Lock()
		defer js.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": js.keys})
	}))
	t.Cleanup(srv.Close)
	js.url = srv.URL + "/certs"
	return js
}

func (js *jwksServer) publish(keys ...map[string]string) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.keys = keys
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func rsaJWK(kid string, k *rsa.PrivateKey) map[string]string {
	return map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": b64url(k.N.Bytes()), "e": b64url(big.NewInt(int64(k.E)).Bytes())}
}

func ecJWK(t *testing.T, kid string, k *ecdsa.PrivateKey) map[string]string {
	b, err := k.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"kty": "EC", "kid": kid, "crv": "P-256", "x": b64url(b[1:33]), "y": b64url(b[33:])}
}

func rsaKeyForTest(t *testing.T) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestJWTRS256JWKSRotation(t *testing.T) {
	k1, k2, k3 := rsaKeyForTest(t), rsaKeyForTest(t), rsaKeyForTest(t)
	js := newJWKSServer(t)
	js.publish(rsaJWK("k1", k1))
	v := mustVerifier(t, JWTConfig{Issuer: testIssuer, Audience: testAudience, JWKSURL: js.url})
	var elapsed atomic.Int64 // the key cache's clock, moved by the steps
	start := time.Now()
	v.jwks.now = func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	env := newJWTEnv(t, v, nil)
	rs := func(kid string, k *rsa.PrivateKey) string {
		return sign(t, jwt.SigningMethodRS256, k, kid, claimsFor("employee", nil))
	}
	steps := []struct {
		name        string
		advance     time.Duration
		rotate      bool // publish k1 and k2
		token       string
		want        int
		wantFetches int32
	}{
		{"first token fetches the keys", 0, false, rs("k1", k1), 200, 1},
		{"known kid uses the cache", 0, false, rs("k1", k1), 200, 1},
		{"kid signed by another key", 0, false, rs("k1", k2), 401, 1},
		{"new kid within a minute is not fetched", 0, true, rs("k2", k2), 401, 1},
		{"new kid after a minute triggers one refresh", 2 * time.Minute, false, rs("k2", k2), 200, 2},
		{"old key still published", 0, false, rs("k1", k1), 200, 2},
		{"unknown kid right after does not refetch", 0, false, rs("k3", k3), 401, 2},
		{"HS256 token is refused", 0, false, sign(t, jwt.SigningMethodHS256, []byte(testSecret), "k1", claimsFor("employee", nil)), 401, 2},
		{"keys older than an hour are refreshed", 2 * time.Hour, false, rs("k2", k2), 200, 3},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			elapsed.Add(int64(st.advance))
			if st.rotate {
				js.publish(rsaJWK("k1", k1), rsaJWK("k2", k2))
			}
			if status, _, body := env.call(t, "GET", "/api/v1/items", st.token, "", nil); status != st.want {
				t.Fatalf("status = %d, want %d; body %s", status, st.want, body)
			}
			if got := js.fetches.Load(); got != st.wantFetches {
				t.Errorf("key set fetched %d times, want %d", got, st.wantFetches)
			}
		})
	}
}

func TestJWTES256JWKS(t *testing.T) {
	gen := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k, other := gen(), gen()
	js := newJWKSServer(t)
	js.publish(ecJWK(t, "ec1", k))
	env := newJWTEnv(t, mustVerifier(t, JWTConfig{Audience: testAudience, JWKSURL: js.url}), nil)
	tests := []struct {
		name, token string
		want        int
	}{
		{"ES256 ld_admin writes", sign(t, jwt.SigningMethodES256, k, "ec1", claimsFor("ld_admin", nil)), 201},
		{"no kid, single key", sign(t, jwt.SigningMethodES256, k, "", claimsFor("ld_admin", func(c jwt.MapClaims) { c["sub"] = "autre" })), 409},
		{"signed by another key", sign(t, jwt.SigningMethodES256, other, "ec1", claimsFor("ld_admin", nil)), 401},
		{"RS256 token against an EC key", sign(t, jwt.SigningMethodRS256, rsaKeyForTest(t), "ec1", claimsFor("ld_admin", nil)), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, _, body := env.call(t, "POST", "/api/v1/items", tt.token, "application/json", []byte(newItem)); status != tt.want {
				t.Fatalf("status = %d, want %d; body %s", status, tt.want, body)
			}
		})
	}
}

func TestNewJWTVerifierRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  JWTConfig
	}{
		{"nothing to verify with", JWTConfig{Audience: testAudience}},
		{"secret and key set", JWTConfig{HMACSecret: []byte(testSecret), JWKSURL: "https://idp.example.fr/certs"}},
		{"short secret", JWTConfig{HMACSecret: []byte("court")}},
		{"key set URL without scheme", JWTConfig{JWKSURL: "idp.example.fr/certs"}},
		{"negative leeway", JWTConfig{HMACSecret: []byte(testSecret), Leeway: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewJWTVerifier(tt.cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestParseJWKSSkipsUnusableKeys(t *testing.T) {
	rk := rsaKeyForTest(t)
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	enc := rsaJWK("enc", rk)
	enc["use"] = "enc"
	wrongAlg := rsaJWK("ps", rk)
	wrongAlg["alg"] = "PS256"
	offCurve := map[string]string{"kty": "EC", "kid": "off", "crv": "P-256", "x": b64url(make([]byte, 32)), "y": b64url(make([]byte, 32))}
	p384, err := ek.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	set := []map[string]string{rsaJWK("ok", rk), rsaJWK("weak", weak), enc, wrongAlg, offCurve,
		{"kty": "EC", "kid": "p384", "crv": "P-384", "x": b64url(p384[1:49]), "y": b64url(p384[49:])},
		{"kty": "oct", "kid": "sym", "k": b64url([]byte(testSecret))}}
	body, err := json.Marshal(map[string]any{"keys": set})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := parseJWKS(body)
	if err != nil {
		t.Fatal(err)
	}
	var kids []string
	for kid := range keys {
		kids = append(kids, kid)
	}
	if diff := cmp.Diff([]string{"ok"}, kids); diff != "" {
		t.Error(diff)
	}
	for _, bad := range []string{`{"keys":[]}`, `not json`, `{"keys":[{"kty":"RSA","n":"!!","e":"AQAB"}]}`} {
		if _, err := parseJWKS([]byte(bad)); err == nil {
			t.Errorf("parseJWKS(%s) accepted", bad)
		}
	}
}
