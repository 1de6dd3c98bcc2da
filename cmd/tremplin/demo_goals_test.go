package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/recommender"
)

// demoGoal is one line of recommender/testdata/demo/goals.jsonl: a goal of
// someone the demo company can or cannot serve.
type demoGoal struct {
	Name          string   `json:"name"`
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills"`
	// Serve says whether the demo catalog has suggestions for the goal.
	Serve bool `json:"serve"`
	// Domains are the catalog domains the first suggestions must be from.
	Domains []string `json:"domains"`
	// Dispositifs must be read from the projet.
	Dispositifs []recommender.Dispositif `json:"dispositifs"`
	// MinKinds is the number of kinds that must have suggestions (default 3).
	MinKinds int `json:"min_kinds"`
}

func readDemoGoals(t *testing.T) []demoGoal {
	t.Helper()
	f, err := os.Open("../../recommender/testdata/demo/goals.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []demoGoal
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g demoGoal
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("goals.jsonl: %v", err)
		}
		out = append(out, g)
	}
	return out
}

// TestDemoGoals sends goals of people the demo company can and cannot
// serve through the served wiring on the demo data directory. Goals outside
// its domains get no suggestion, or one transversal one of low pertinence,
// with a notice for every empty kind and the routes outside the catalog;
// goals inside them get suggestions in at least three kinds, the first of
// each from the goal's family.
func TestDemoGoals(t *testing.T) {
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]catalog.Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	cfg, err := loadConfig(quietEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.dataDir = t.TempDir()
	e := &env{getenv: quietEnv, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, logger: slog.New(slog.DiscardHandler)}
	rec, closeStack, err := openRecommender(t.Context(), e, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStack()
	for _, g := range readDemoGoals(t) {
		t.Run(g.Name, func(t *testing.T) {
			resp, err := rec.Recommend(t.Context(), recommender.Request{Projet: g.Projet, DesiredSkills: g.DesiredSkills})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(describe(resp, byID))
			for _, d := range g.Dispositifs {
				if !slices.Contains(resp.Goal.Dispositifs, d) {
					t.Errorf("dispositif %s not read: %v", d, resp.Goal.Dispositifs)
				}
			}
			for _, ks := range resp.Suggestions {
				if len(ks.Items) == 0 && ks.Notice == "" {
					t.Errorf("kind %s is empty without a notice", ks.Kind)
				}
			}
			if g.Serve {
				checkServed(t, g, resp, byID)
			} else {
				checkNotServed(t, resp)
			}
		})
	}
}

func checkServed(t *testing.T, g demoGoal, resp recommender.Response, byID map[string]catalog.Item) {
	t.Helper()
	want := g.MinKinds
	if want == 0 {
		want = 3
	}
	kinds := 0
	for _, ks := range resp.Suggestions {
		if len(ks.Items) == 0 {
			continue
		}
		kinds++
		if first := byID[ks.Items[0].ID]; !slices.Contains(g.Domains, first.Domain) {
			t.Errorf("first %s %q is from %s, want one of %v", ks.Kind, first.Title, first.Domain, g.Domains)
		}
	}
	if kinds < want {
		t.Errorf("%d kinds with suggestions, want at least %d", kinds, want)
	}
	if resp.NothingFits || len(resp.Routes) > 0 {
		t.Errorf("a goal the demo serves got nothing_fits=%v and %d routes", resp.NothingFits, len(resp.Routes))
	}
}

func checkNotServed(t *testing.T, resp recommender.Response) {
	t.Helper()
	n := 0
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			n++
			if s.Pertinence != recommender.PertinenceFaible {
				t.Errorf("%s %q suggested with pertinence %s (confidence %.3f)", ks.Kind, s.Title, s.Pertinence, s.Confidence)
			}
		}
	}
	if n > 1 {
		t.Errorf("%d suggestions, want at most one of low pertinence", n)
	}
	if len(resp.Routes) == 0 {
		t.Error("no route outside the catalog given")
	}
}

// describe prints a response in one block for the test log.
func describe(resp recommender.Response, byID map[string]catalog.Item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "target %q metiers %v gap %v dispositifs %v nothing_fits %v\n", resp.Goal.Target, resp.Goal.Metiers, resp.Goal.GapSkills, resp.Goal.Dispositifs, resp.NothingFits)
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			fmt.Fprintf(&b, "  %-13s %.3f %-8s %-24s %s\n", ks.Kind, s.Confidence, s.Pertinence, byID[s.ID].Domain, s.Title)
		}
	}
	return b.String()
}
