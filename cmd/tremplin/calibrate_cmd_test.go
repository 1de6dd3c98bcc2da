package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/recommender/eval"
)

func TestCalibrateFoldsBySet(t *testing.T) {
	queries := []eval.Query{
		{ID: "metier-A1203", Set: "metier"},
		{ID: "onisep-5-A1203", Set: "onisep"},
		{ID: "transition-A1402-A1203", Set: "transition"},
		{ID: "metier-M1805", Set: "metier"},
		{ID: "transition-D1411-M1805", Set: "transition"},
	}
	fold, k, err := newFolder(queries, calibrateFlags{foldBy: "set", folds: 5})
	if err != nil {
		t.Fatal(err)
	}
	if k != 3 {
		t.Fatalf("folds by set: %d, want 3 (one per set)", k)
	}
	bySet := make(map[string]int)
	for _, q := range queries {
		f := fold(q)
		if prev, ok := bySet[q.Set]; ok && prev != f {
			t.Errorf("set %s in folds %d and %d", q.Set, prev, f)
		}
		bySet[q.Set] = f
	}
	if bySet["metier"] == bySet["onisep"] || bySet["onisep"] == bySet["transition"] || bySet["metier"] == bySet["transition"] {
		t.Errorf("two sets share a fold: %v", bySet)
	}

	fold, k, err = newFolder(queries, calibrateFlags{foldBy: "metier", folds: 4})
	if err != nil {
		t.Fatal(err)
	}
	if k != 4 {
		t.Fatalf("folds by métier: %d, want 4", k)
	}
	// The three queries aiming at A1203, from three sets, are held back together.
	if a, b, c := fold(queries[0]), fold(queries[1]), fold(queries[2]); a != b || b != c {
		t.Errorf("queries of one target métier in folds %d, %d, %d", a, b, c)
	}

	if _, _, err := newFolder(queries[:1], calibrateFlags{foldBy: "set"}); err == nil {
		t.Error("folds by set with one set: no error")
	}
}

func TestCalibrateRefusesUnknownFoldBy(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"calibrate", "--catalog", "c.jsonl", "--queries", "q.jsonl", "--referentiel", "r", "--fold-by", "requete"}, noEnv, &stdout, &stderr)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "--fold-by") {
		t.Fatalf("calibrate --fold-by requete: %v, want exit 2 naming --fold-by", err)
	}
}
