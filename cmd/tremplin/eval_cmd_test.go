package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const evalCatalog = `{"id": "C-COMPTA", "kind": "certification", "title": "Titre professionnel Comptable assistant", "skills": ["Assurer les travaux courants de comptabilité", "Préparer la paie"]}
{"id": "C-BOUL", "kind": "certification", "title": "CAP Boulanger", "description": "Fabrication du pain et des viennoiseries."}
{"id": "C-SOIN", "kind": "certification", "title": "Diplôme d'État d'aide-soignant", "skills": ["Accompagner la personne dans les activités de la vie quotidienne"]}
{"id": "C-DEV", "kind": "certification", "title": "Développeur web et web mobile", "skills": ["Développer la partie front-end d'une application web", "Développer la partie back-end"]}
`

const evalQueries = `{"id": "q1", "set": "metier", "projet": "Je veux devenir boulanger.", "desired_skills": [], "relevant": ["C-BOUL"]}
{"id": "q2", "set": "metier", "projet": "Je souhaite devenir développeuse web", "desired_skills": ["Développer une application web"], "relevant": ["C-DEV"]}
{"id": "q3", "set": "transition", "projet": "Actuellement vendeur, je veux devenir comptable", "current_skills": ["Vendre"], "relevant": ["C-COMPTA", "C-SOIN"]}
`

func TestEvalJSON(t *testing.T) {
	writeFiles(t, map[string]string{"catalog.jsonl": evalCatalog, "queries.jsonl": evalQueries})
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"eval", "--catalog", "catalog.jsonl", "--queries", "queries.jsonl", "--json"}, noEnv, &stdout, &stderr)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	var got struct {
		Source   string `json:"source"`
		Note     string `json:"note"`
		Rankings []struct {
			Name string `json:"name"`
			Role string `json:"role"`
			Sets map[string]struct {
				N    int      `json:"n"`
				NDCG *float64 `json:"ndcg_at_10"`
				Rec  *float64 `json:"recall_at_10"`
				MRR  *float64 `json:"mrr_at_10"`
			} `json:"sets"`
			Latency map[string]float64 `json:"latency_ms"`
		} `json:"rankings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("eval --json printed invalid JSON: %v\n%s", err, stdout.String())
	}
	var names []string
	for _, r := range got.Rankings {
		names = append(names, r.Name+":"+r.Role)
		n := map[string]int{}
		for set, m := range r.Sets {
			n[set] = m.N
			if m.NDCG == nil || m.Rec == nil || m.MRR == nil {
				t.Errorf("ranking %s set %s lacks a metric: %s", r.Name, set, stdout.String())
			}
		}
		if diff := cmp.Diff(map[string]int{"all": 3, "metier": 2, "transition": 1}, n); diff != "" {
			t.Errorf("ranking %s query counts mismatch (-want +got):\n%s", r.Name, diff)
		}
		if _, ok := r.Latency["p95"]; !ok {
			t.Errorf("ranking %s has no p95 latency", r.Name)
		}
	}
	want := []string{"served:served", "fused:diagnostic", "bleve:diagnostic", "vector:diagnostic"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("rankings mismatch (-want +got):\n%s", diff)
	}
	if got.Source != "in-process" || !strings.Contains(got.Note, "diagnostics") {
		t.Errorf("source %q, note %q: want in-process and a note naming the diagnostics", got.Source, got.Note)
	}
}

func TestEvalTable(t *testing.T) {
	writeFiles(t, map[string]string{"catalog.jsonl": evalCatalog, "queries.jsonl": evalQueries})
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"eval", "--catalog", "catalog.jsonl", "--queries", "queries.jsonl"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"Classement served", "sont des diagnostics", "Classement fused", "Classement bleve", "Classement vector", "nDCG@10", "transition"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestEvalBadInput(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		queries string
		want    string
		code    int
	}{
		{"no flags", []string{"eval"}, "", "indiquez --queries", 2},
		{"no catalog nor url", []string{"eval", "--queries", "queries.jsonl"}, "", "indiquez --catalog", 2},
		{"url with catalog", []string{"eval", "--url", "http://127.0.0.1:1", "--catalog", "catalog.jsonl", "--queries", "queries.jsonl"}, "", "ne s'emploient pas", 2},
		{"key without url", []string{"eval", "--catalog", "catalog.jsonl", "--key", "k", "--queries", "queries.jsonl"}, "", "--key ne sert qu'avec --url", 2},
		{"bad url", []string{"eval", "--url", "127.0.0.1:8080", "--queries", "queries.jsonl"}, "", "--url : adresse http(s)", 2},
		{"bad query line", []string{"eval", "--catalog", "catalog.jsonl", "--queries", "queries.jsonl"}, `{"id": "q1", "projet": "x"}`, "queries.jsonl:1: champ relevant", 1},
		{"missing queries", []string{"eval", "--catalog", "catalog.jsonl", "--queries", "absent.jsonl"}, "", "ouvrir les requêtes", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFiles(t, map[string]string{"catalog.jsonl": evalCatalog, "queries.jsonl": tt.queries})
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args, noEnv, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != tt.code {
				t.Errorf("eval error = %v (exit %d), want one containing %q, exit %d", err, exitCode(err), tt.want, tt.code)
			}
		})
	}
}
