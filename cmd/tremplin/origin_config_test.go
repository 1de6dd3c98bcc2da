package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOriginConfig: TREMPLIN_ALLOWED_HOSTS and TREMPLIN_PUBLIC_URL are read
// by loadConfig; a public URL that is not http(s)://host is refused with
// an error naming the variable.
func TestOriginConfig(t *testing.T) {
	vars := map[string]string{"TREMPLIN_ALLOWED_HOSTS": " tremplin.example.fr, rh.example.fr:8443 ,",
		"TREMPLIN_PUBLIC_URL": "https://tremplin.example.fr/"}
	cfg, err := loadConfig(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"tremplin.example.fr", "rh.example.fr:8443"}, cfg.allowedHosts); diff != "" {
		t.Errorf("allowed hosts (-want +got):\n%s", diff)
	}
	if cfg.publicURL != "https://tremplin.example.fr" {
		t.Errorf("public URL = %q", cfg.publicURL)
	}
	for _, bad := range []string{"tremplin.example.fr", "ftp://tremplin.example.fr", "https://", "https://tremplin.example.fr/app"} {
		_, err := loadConfig(func(k string) string { return map[string]string{"TREMPLIN_PUBLIC_URL": bad}[k] })
		if err == nil || !strings.Contains(err.Error(), "TREMPLIN_PUBLIC_URL") {
			t.Errorf("TREMPLIN_PUBLIC_URL=%q: error %v, want one naming the variable", bad, err)
		}
	}
}
