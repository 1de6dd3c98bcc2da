package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of docker-compose.yml the tests read.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
	Networks map[string]struct {
		IPAM struct {
			Config []struct {
				Subnet string `yaml:"subnet"`
			} `yaml:"config"`
		} `yaml:"ipam"`
	} `yaml:"networks"`
}

type composeService struct {
	Image       string                       `yaml:"image"`
	Build       any                          `yaml:"build"`
	Profiles    []string                     `yaml:"profiles"`
	Environment map[string]string            `yaml:"environment"`
	DependsOn   map[string]map[string]string `yaml:"depends_on"`
	Volumes     []string                     `yaml:"volumes"`
	Ports       []string                     `yaml:"ports"`
	Networks    yaml.Node                    `yaml:"networks"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(false)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return f
}

// TestComposeReplicasProfile checks the "replicas" profile of
// docker-compose.yml, which cannot run here: two replicas of the image on
// one Postgres (same URL and schema), each with a data volume of its own
// and a health check, behind a proxy whose upstreams are exactly them and
// whose address the replicas trust for X-Forwarded-For.
func TestComposeReplicasProfile(t *testing.T) {
	f := readCompose(t)
	replicas := []string{"tremplin-a", "tremplin-b"}
	pg, ok := f.Services["postgres"]
	if !ok || !strings.HasPrefix(pg.Image, "pgvector/pgvector:") || len(pg.Profiles) != 0 || len(pg.Healthcheck.Test) == 0 {
		t.Fatalf("postgres service = %+v; want the pgvector image, in every profile, with a health check", pg)
	}
	var urls, schemas, dataVolumes []string
	for _, name := range replicas {
		s, ok := f.Services[name]
		if !ok {
			t.Fatalf("service %s missing", name)
		}
		if !slices.Equal(s.Profiles, []string{"replicas"}) {
			t.Errorf("%s: profiles %v, want [replicas]", name, s.Profiles)
		}
		if s.Build == nil {
			t.Errorf("%s: no build: the replicas run this repository's image", name)
		}
		if u := s.Environment["DATABASE_URL"]; !strings.Contains(u, "@postgres:5432/") {
			t.Errorf("%s: DATABASE_URL %q, want the postgres service", name, u)
		}
		urls, schemas = append(urls, s.Environment["DATABASE_URL"]), append(schemas, s.Environment["TREMPLIN_DB_SCHEMA"])
		if got := strings.Join(s.Healthcheck.Test, " "); got != "CMD /tremplin healthcheck" {
			t.Errorf("%s: healthcheck %q, want the binary's healthcheck", name, got)
		}
		if s.DependsOn["postgres"]["condition"] != "service_healthy" {
			t.Errorf("%s: depends_on %v, want postgres healthy", name, s.DependsOn)
		}
		if len(s.Volumes) != 1 || !strings.HasSuffix(s.Volumes[0], ":/data") || s.Environment["TREMPLIN_DATA"] != "/data" {
			t.Errorf("%s: volumes %v, TREMPLIN_DATA %q; want one volume of its own at /data", name, s.Volumes, s.Environment["TREMPLIN_DATA"])
		} else {
			vol := strings.TrimSuffix(s.Volumes[0], ":/data")
			if _, ok := f.Volumes[vol]; !ok {
				t.Errorf("%s: volume %s not declared", name, vol)
			}
			dataVolumes = append(dataVolumes, vol)
		}
	}
	if urls[0] != urls[1] || schemas[0] != schemas[1] || schemas[0] == "" {
		t.Errorf("replicas on DATABASE_URL %v, schemas %v; want one database and one schema", urls, schemas)
	}
	if len(dataVolumes) == 2 && dataVolumes[0] == dataVolumes[1] {
		t.Errorf("both replicas on volume %s: each needs its own text index", dataVolumes[0])
	}
	checkProxy(t, f, replicas)
}

// checkProxy checks the proxy service and its Caddyfile.
func checkProxy(t *testing.T, f composeFile, replicas []string) {
	t.Helper()
	p, ok := f.Services["proxy"]
	if !ok {
		t.Fatal("service proxy missing")
	}
	if !strings.HasPrefix(p.Image, "caddy:") || strings.HasSuffix(p.Image, ":latest") || !slices.Equal(p.Profiles, []string{"replicas"}) {
		t.Errorf("proxy: image %q, profiles %v; want a pinned caddy image in the replicas profile", p.Image, p.Profiles)
	}
	if len(p.Healthcheck.Test) == 0 || len(p.Ports) != 1 || !strings.HasPrefix(p.Ports[0], "127.0.0.1:") {
		t.Errorf("proxy: healthcheck %v, ports %v; want a health check and one port on the host's loopback", p.Healthcheck.Test, p.Ports)
	}
	for _, r := range replicas {
		if p.DependsOn[r]["condition"] != "service_healthy" {
			t.Errorf("proxy: depends_on %v, want %s healthy", p.DependsOn, r)
		}
	}
	var caddyfile string
	for _, v := range p.Volumes {
		if host, ctr, _ := strings.Cut(v, ":"); strings.HasPrefix(ctr, "/etc/caddy/Caddyfile") {
			caddyfile = strings.TrimPrefix(host, "./")
		}
	}
	b, err := os.ReadFile("../../" + caddyfile)
	if caddyfile == "" || err != nil {
		t.Fatalf("proxy: Caddyfile %q mounted at /etc/caddy/Caddyfile: %v", caddyfile, err)
	}
	m := regexp.MustCompile(`(?m)^\s*reverse_proxy\s+([^{\n]+)`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("%s: no reverse_proxy directive", caddyfile)
	}
	var want []string
	for _, r := range replicas {
		want = append(want, r+":8080")
	}
	if got := strings.Fields(m[1]); !slices.Equal(got, want) {
		t.Errorf("%s: upstreams %v, want %v", caddyfile, got, want)
	}
	if !strings.Contains(string(b), "health_uri /readyz") {
		t.Errorf("%s: no active health check on /readyz: a replica catching up would get requests", caddyfile)
	}
	var nets map[string]struct {
		IPv4 string `yaml:"ipv4_address"`
	}
	if err := p.Networks.Decode(&nets); err != nil {
		t.Fatalf("proxy networks: %v", err)
	}
	ip := nets["replicas"].IPv4
	for _, r := range replicas {
		if got := f.Services[r].Environment["TREMPLIN_TRUSTED_PROXIES"]; ip == "" || got != ip {
			t.Errorf("%s: TREMPLIN_TRUSTED_PROXIES %q, want the proxy's address %q", r, got, ip)
		}
	}
}
