package recommender

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// divItem is a compact formation for diversity tests.
type divItem struct {
	id, title, provider string
	score               float64
	skills              []string
}

func TestDiversify(t *testing.T) {
	excel := []divItem{
		{"clic-1", "Excel : les bases", "Clic", 1.0, []string{"Excel"}},
		{"clic-2", "Excel : niveau intermédiaire", "Clic", 0.95, []string{"Excel"}},
		{"clic-3", "Excel avancé : fonctions et Power Query", "Clic", 0.9, []string{"Excel"}},
		{"num-1", "Tableur en e-learning", "Numerik", 0.6, []string{"Excel"}},
	}
	for _, tc := range []struct {
		name  string
		items []divItem
		gap   []string
		n     int
		want  []string
	}{
		{
			name:  "a run of one provider's near-identical titles is broken by another provider",
			items: excel, n: 3,
			want: []string{"clic-1", "num-1", "clic-2"},
		},
		{
			name:  "without an alternative, the run stays: nothing is dropped",
			items: excel[:3], n: 3,
			want: []string{"clic-1", "clic-2", "clic-3"},
		},
		{
			name: "among near-equals, the top jointly covers the gap before repeating a skill",
			items: []divItem{
				{"sql-1", "SQL pour débuter", "A", 1.0, []string{"Langage SQL"}},
				{"sql-2", "Requêtes SQL", "B", 0.97, []string{"Langage SQL"}},
				{"bi-1", "Tableaux de bord", "C", 0.94, []string{"Power BI"}},
				{"py-1", "Python", "D", 0.93, []string{"Programmation Python"}},
			},
			gap: []string{"SQL", "Power BI", "Python"}, n: 3,
			want: []string{"sql-1", "bi-1", "py-1"},
		},
		{
			name: "a much better item is not pushed out for coverage",
			items: []divItem{
				{"sql-1", "SQL pour débuter", "A", 1.0, []string{"Langage SQL"}},
				{"sql-2", "Requêtes analytiques", "B", 0.97, []string{"Langage SQL"}},
				{"bi-1", "Tableaux de bord", "C", 0.3, []string{"Power BI"}},
			},
			gap: []string{"SQL", "Power BI"}, n: 2,
			want: []string{"sql-1", "sql-2"},
		},
		{
			name: "the best scored comes first even when another covers more",
			items: []divItem{
				{"top", "Devenir data analyst", "A", 1.0, []string{"Analyse de données"}},
				{"both", "SQL et Power BI", "B", 0.95, []string{"Langage SQL", "Power BI"}},
			},
			gap: []string{"SQL", "Power BI"}, n: 2,
			want: []string{"top", "both"},
		},
		{
			name: "equal scores break by id",
			items: []divItem{
				{"b", "Gestion du temps", "X", 0.5, nil},
				{"a", "Prise de parole", "Y", 0.5, nil},
				{"c", "Négociation", "Z", 0.5, nil},
			},
			n: 3, want: []string{"a", "b", "c"},
		},
		{
			name:  "fewer candidates than wanted",
			items: excel[:1], n: 5,
			want: []string{"clic-1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gap := newGapSkills(tc.gap)
			var pool []*candidate
			for _, d := range tc.items {
				it := catalog.Item{ID: d.id, Kind: catalog.KindFormation, Title: d.title, Provider: d.provider, Skills: d.skills}
				pool = append(pool, newCandidate(it, d.score, gap))
			}
			var got []string
			for _, c := range diversify(pool, tc.n) {
				got = append(got, c.item.ID)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("picked (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNearDuplicate(t *testing.T) {
	cand := func(title, provider string) *candidate {
		return newCandidate(catalog.Item{Title: title, Provider: provider}, 1, nil)
	}
	for _, tc := range []struct {
		a, b *candidate
		want bool
	}{
		{cand("Excel : les bases", "Clic"), cand("Excel : niveau intermédiaire", "Clic"), true},
		{cand("Excel : les bases", "Clic"), cand("Excel avancé : Power Query", "clic "), true},
		{cand("Excel : les bases", "Clic"), cand("Excel : les bases", "Numerik"), false},
		{cand("Word : documents longs", "Clic"), cand("PowerPoint : présentations", "Clic"), false},
		{cand("Mentorat", ""), cand("Mentorat", ""), false},
	} {
		if got := nearDuplicate(tc.a, tc.b); got != tc.want {
			t.Errorf("nearDuplicate(%q/%q, %q/%q) = %v, want %v", tc.a.item.Title, tc.a.item.Provider, tc.b.item.Title, tc.b.item.Provider, got, tc.want)
		}
	}
}

func TestCoversGap(t *testing.T) {
	gap := newGapSkills([]string{"SQL", "Power BI", "Analyser, exploiter, structurer des données", "Analyser et prévenir les risques", "Anglais"})
	for _, tc := range []struct {
		name string
		item catalog.Item
		want []string
	}{
		{"skill contains the gap", catalog.Item{Skills: []string{"Langage SQL"}}, []string{"SQL"}},
		{"same key", catalog.Item{Skills: []string{"power bi"}}, []string{"Power BI"}},
		{"half the terms of a long gap", catalog.Item{Skills: []string{"Analyse de données"}}, []string{"Analyser, exploiter, structurer des données"}},
		{"one shared word does not cover the risks", catalog.Item{Skills: []string{"Analyse de données", "Statistiques"}}, []string{"Analyser, exploiter, structurer des données"}},
		{"title", catalog.Item{Title: "Anglais professionnel"}, []string{"Anglais"}},
		{"bloc skills", catalog.Item{Blocs: []catalog.Bloc{{Skills: []string{"Langage SQL"}}}}, []string{"SQL"}},
		{"nothing", catalog.Item{Title: "Excel", Skills: []string{"Tableur"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, i := range newCandidate(tc.item, 1, gap).covers {
				got = append(got, gap[i].label)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("covers (-want +got):\n%s", diff)
			}
		})
	}
}
