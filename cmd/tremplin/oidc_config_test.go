package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/api"
)

// TestOIDCFromEnv: OIDC sign-in is off without TREMPLIN_OIDC_ISSUER, takes
// its return address from TREMPLIN_PUBLIC_URL unless given, and refuses
// half or malformed configurations with the variable's name.
func TestOIDCFromEnv(t *testing.T) {
	const issuer = "https://idp.example.fr/realms/acme"
	tests := []struct {
		name    string
		vars    map[string]string
		want    *api.OIDCConfig
		wantErr string
	}{
		{"nothing configured", nil, nil, ""},
		{"public client from the public URL", map[string]string{"TREMPLIN_OIDC_ISSUER": issuer, "TREMPLIN_OIDC_CLIENT_ID": "tremplin",
			"TREMPLIN_PUBLIC_URL": "https://tremplin.example.fr"},
			&api.OIDCConfig{Issuer: issuer, ClientID: "tremplin", RedirectURL: "https://tremplin.example.fr/connexion/oidc/retour"}, ""},
		{"everything given", map[string]string{"TREMPLIN_OIDC_ISSUER": issuer, "TREMPLIN_OIDC_CLIENT_ID": "tremplin",
			"TREMPLIN_OIDC_CLIENT_SECRET": "s3cret", "TREMPLIN_OIDC_REDIRECT_URL": "https://rh.example.fr/connexion/oidc/retour",
			"TREMPLIN_OIDC_ROLE_CLAIM": "realm_access.roles", "TREMPLIN_OIDC_MANAGER_CLAIM": "manager_id"},
			&api.OIDCConfig{Issuer: issuer, ClientID: "tremplin", ClientSecret: "s3cret", RedirectURL: "https://rh.example.fr/connexion/oidc/retour",
				RoleClaim: "realm_access.roles", ManagerClaim: "manager_id"}, ""},
		{"client id without issuer", map[string]string{"TREMPLIN_OIDC_CLIENT_ID": "tremplin"}, nil, "TREMPLIN_OIDC_ISSUER"},
		{"issuer without client id", map[string]string{"TREMPLIN_OIDC_ISSUER": issuer, "TREMPLIN_PUBLIC_URL": "https://tremplin.example.fr"}, nil, "TREMPLIN_OIDC_CLIENT_ID"},
		{"no return address", map[string]string{"TREMPLIN_OIDC_ISSUER": issuer, "TREMPLIN_OIDC_CLIENT_ID": "tremplin"}, nil, "TREMPLIN_OIDC_REDIRECT_URL"},
		{"issuer not a URL", map[string]string{"TREMPLIN_OIDC_ISSUER": "idp.example.fr", "TREMPLIN_OIDC_CLIENT_ID": "tremplin",
			"TREMPLIN_PUBLIC_URL": "https://tremplin.example.fr"}, nil, "TREMPLIN_OIDC_ISSUER"},
		{"return address elsewhere", map[string]string{"TREMPLIN_OIDC_ISSUER": issuer, "TREMPLIN_OIDC_CLIENT_ID": "tremplin",
			"TREMPLIN_OIDC_REDIRECT_URL": "https://tremplin.example.fr/"}, nil, "TREMPLIN_OIDC_REDIRECT_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.vars[k] })
			if err != nil {
				t.Fatal(err)
			}
			got, err := cfg.oidc()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("OIDC settings (-want +got):\n%s", diff)
			}
		})
	}
}
