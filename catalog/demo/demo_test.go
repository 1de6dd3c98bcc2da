package demo_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

// domains are the domain values shared by every demo file.
var domains = []string{
	"data-ia", "developpement-logiciel", "cybersecurite", "management", "rh",
	"finance-controle-gestion", "commercial-relation-client", "industrie-maintenance",
	"qhse", "logistique", "langues", "bureautique", "competences-transverses",
}

func loadItems(t *testing.T) []catalog.Item {
	t.Helper()
	items, err := demo.Items()
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	return items
}

func loadTaxonomy(t *testing.T) *catalog.Taxonomy {
	t.Helper()
	skills, err := demo.Taxonomy()
	if err != nil {
		t.Fatalf("Taxonomy: %v", err)
	}
	tx, err := catalog.NewTaxonomy(skills)
	if err != nil {
		t.Fatalf("NewTaxonomy: %v", err)
	}
	return tx
}

func TestItemCounts(t *testing.T) {
	counts := map[catalog.Kind]int{}
	for _, it := range loadItems(t) {
		counts[it.Kind]++
	}
	min := map[catalog.Kind]int{
		catalog.KindFormation:     250,
		catalog.KindCertification: 40,
		catalog.KindMentoring:     40,
		catalog.KindMission:       40,
	}
	for k, want := range min {
		if counts[k] < want {
			t.Errorf("%d items of kind %s, want at least %d", counts[k], k, want)
		}
	}
}

func TestFilesHoldOneKind(t *testing.T) {
	want := map[string]catalog.Kind{
		"certifications.jsonl": catalog.KindCertification,
		"mentors.jsonl":        catalog.KindMentoring,
		"missions.jsonl":       catalog.KindMission,
	}
	dir := t.TempDir()
	if err := demo.WriteTo(dir); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	for _, name := range demo.Files() {
		kind, ok := want[name]
		if !ok {
			kind = catalog.KindFormation
		}
		items, probs, err := catalog.LoadFiles(filepath.Join(dir, name))
		if err != nil || len(probs) > 0 {
			t.Fatalf("LoadFiles(%s): %v %v", name, err, probs)
		}
		for _, it := range items {
			if it.Kind != kind {
				t.Errorf("%s: item %s has kind %s, want %s", name, it.ID, it.Kind, kind)
			}
		}
	}
}

func TestWriteToRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if err := demo.WriteTo(dir); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	var paths []string
	for _, name := range demo.Files() {
		paths = append(paths, filepath.Join(dir, name))
	}
	got, probs, err := catalog.LoadFiles(paths...)
	if err != nil || len(probs) > 0 {
		t.Fatalf("LoadFiles: %v %v", err, probs)
	}
	if diff := cmp.Diff(loadItems(t), got); diff != "" {
		t.Errorf("items read back from WriteTo differ (-embedded +written):\n%s", diff)
	}
}

func TestItemDomains(t *testing.T) {
	seen := map[string]int{}
	for _, it := range loadItems(t) {
		if !slices.Contains(domains, it.Domain) {
			t.Errorf("item %s: domain %q is not one of the shared demo domains", it.ID, it.Domain)
		}
		seen[it.Domain]++
	}
	if len(seen) < 10 {
		t.Errorf("items span %d domains, want at least 10: %v", len(seen), seen)
	}
}

func TestItemIDsHaveKindPrefix(t *testing.T) {
	prefix := map[catalog.Kind]string{
		catalog.KindFormation: "form-", catalog.KindCertification: "cert-",
		catalog.KindMentoring: "mentor-", catalog.KindMission: "mission-",
	}
	for _, it := range loadItems(t) {
		if !strings.HasPrefix(it.ID, prefix[it.Kind]) {
			t.Errorf("item %s of kind %s: id should start with %q", it.ID, it.Kind, prefix[it.Kind])
		}
	}
}

func TestItemSkillsResolve(t *testing.T) {
	tx := loadTaxonomy(t)
	for _, it := range loadItems(t) {
		skills := slices.Clone(it.Skills)
		for _, b := range it.Blocs {
			skills = append(skills, b.Skills...)
		}
		if len(it.Skills) == 0 {
			t.Errorf("item %s has no skills", it.ID)
		}
		for _, s := range skills {
			if _, ok := tx.Lookup(s); !ok {
				t.Errorf("item %s: skill %q is not in the demo taxonomy", it.ID, s)
			}
		}
	}
}

// TestOwnFilesUsePreferredLabels keeps certifications, mentors and missions
// on the taxonomy's preferred labels, so that they show the canonical names.
func TestOwnFilesUsePreferredLabels(t *testing.T) {
	tx := loadTaxonomy(t)
	for _, it := range loadItems(t) {
		if it.Kind == catalog.KindFormation {
			continue
		}
		for _, s := range it.Skills {
			if sk, ok := tx.Lookup(s); ok && sk.Label != s {
				t.Errorf("item %s: skill %q should be written %q", it.ID, s, sk.Label)
			}
		}
	}
}

// TestDemoShowsTheRules checks that the demo holds the cases the
// recommender's hard rules must handle: full mentors, closed missions,
// withdrawn items and items in English.
func TestDemoShowsTheRules(t *testing.T) {
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	var full, closed, inactive, english int
	for _, it := range loadItems(t) {
		if it.Kind == catalog.KindMentoring && !it.Mentor.Available() {
			full++
		}
		if it.Kind == catalog.KindMission && !it.Mission.OpenDuring(start, time.Time{}) {
			closed++
		}
		if !it.Active {
			inactive++
		}
		if it.Language == "en" {
			english++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"mentors at capacity", full, 6},
		{"missions closed before 2026-09-01", closed, 2},
		{"inactive items", inactive, 2},
		{"items in English", english, 2},
	} {
		if c.got < c.want {
			t.Errorf("%d %s, want at least %d", c.got, c.what, c.want)
		}
	}
}
