package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/api"
)

// TestJWTVerifierFromEnv: the TREMPLIN_JWT_* variables give a verifier only
// with a secret or a key set URL, refuse half configurations, and warn when
// no audience is checked.
func TestJWTVerifierFromEnv(t *testing.T) {
	const secret = "secret-hs256-de-test-0123456789-abcdef"
	tests := []struct {
		name     string
		vars     map[string]string
		wantOn   bool
		wantErr  string // part of the error, "" for none
		wantWarn bool
	}{
		{"nothing configured", nil, false, "", false},
		{"secret and audience", map[string]string{"TREMPLIN_JWT_SECRET": secret, "TREMPLIN_JWT_AUDIENCE": "tremplin",
			"TREMPLIN_JWT_ISSUER": "https://idp.example.fr", "TREMPLIN_JWT_ROLE_CLAIM": "groups"}, true, "", false},
		{"key set without audience", map[string]string{"TREMPLIN_JWT_JWKS_URL": "https://idp.example.fr/certs"}, true, "", true},
		{"audience alone", map[string]string{"TREMPLIN_JWT_AUDIENCE": "tremplin"}, false, "TREMPLIN_JWT_JWKS_URL", false},
		{"short secret", map[string]string{"TREMPLIN_JWT_SECRET": "court"}, false, "32 octets", false},
		{"secret and key set", map[string]string{"TREMPLIN_JWT_SECRET": secret, "TREMPLIN_JWT_JWKS_URL": "https://idp.example.fr/certs"}, false, "pas les deux", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.vars[k] }
			cfg, err := loadConfig(getenv)
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			e := &env{getenv: getenv, stdout: &bytes.Buffer{}, stderr: &stderr, logger: slog.New(slog.DiscardHandler)}
			v, err := jwtVerifier(e, cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]bool{tt.wantOn, tt.wantWarn}, []bool{v != nil, strings.Contains(stderr.String(), "TREMPLIN_JWT_AUDIENCE")}); diff != "" {
				t.Errorf("(verifier, warning) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJWTVerifierFromEnvChecksClaims: the configured issuer, audience and
// role claim reach the verifier.
func TestJWTVerifierFromEnvChecksClaims(t *testing.T) {
	const secret = "secret-hs256-de-test-0123456789-abcdef"
	vars := map[string]string{"TREMPLIN_JWT_SECRET": secret, "TREMPLIN_JWT_AUDIENCE": "tremplin",
		"TREMPLIN_JWT_ISSUER": "https://idp.example.fr", "TREMPLIN_JWT_ROLE_CLAIM": "groups"}
	cfg, err := loadConfig(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	v, err := jwtVerifier(&env{stderr: &bytes.Buffer{}, logger: slog.New(slog.DiscardHandler)}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"sub": "u1", "iss": "https://idp.example.fr", "aud": "tremplin",
			"exp": time.Now().Add(time.Hour).Unix(), "groups": []any{"manager"}}
		edit(c)
		return c
	}
	tests := []struct {
		name   string
		claims jwt.MapClaims
		want   api.Role
	}{
		{"valid", claims(func(jwt.MapClaims) {}), api.RoleManager},
		{"other issuer", claims(func(c jwt.MapClaims) { c["iss"] = "https://autre.example.fr" }), ""},
		{"other audience", claims(func(c jwt.MapClaims) { c["aud"] = "autre" }), ""},
		{"role in the default claim only", claims(func(c jwt.MapClaims) { delete(c, "groups"); c["roles"] = "manager" }), ""},
		{"expired beyond leeway", claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, tt.claims).SignedString([]byte(secret))
			if err != nil {
				t.Fatal(err)
			}
			role, _, err := v.Verify(t.Context(), tok)
			if (err == nil) != (tt.want != "") {
				t.Fatalf("Verify error = %v, want role %q", err, tt.want)
			}
			if diff := cmp.Diff(tt.want, role); diff != "" {
				t.Error(diff)
			}
		})
	}
}
