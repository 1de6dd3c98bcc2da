package catalog_test

import (
	"testing"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// FuzzTaxonomy feeds arbitrary labels and texts to the taxonomy: nothing
// may panic, a label always finds its own skill when it has a key, and Find
// never returns a skill twice.
func FuzzTaxonomy(f *testing.F) {
	for _, s := range []string{
		"Gestion de projet", "C++ et C#, ASP.NET", "projet SI, si possible", "R&D", "l'IA générative",
		"GESTION DES CONFLITS", "", " ", "de la", "Excel : les bases", "a.b.c.", "’’''", "\xff\xfe",
		"œuvre Æ ﬁ", "e\u0301conomie", "(((", "ISO 9001. ISO 14001.",
	} {
		f.Add(s, "Je veux faire de la "+s+" et du SQL.")
	}
	f.Fuzz(func(t *testing.T, label, text string) {
		tx, err := catalog.NewTaxonomy(append(testSkills, catalog.Skill{ID: "sk-fuzz", Label: label}))
		if err != nil {
			return // an empty label is refused
		}
		if catalog.Key(label) != "" && utf8.ValidString(label) {
			if _, ok := tx.Lookup(label); !ok {
				t.Errorf("Lookup(%q) finds nothing although the label has key %q", label, catalog.Key(label))
			}
		}
		seen := map[string]bool{}
		for _, s := range tx.Find(text) {
			if seen[s.ID] {
				t.Errorf("Find(%q) returns %s twice", text, s.ID)
			}
			seen[s.ID] = true
		}
		tx.Complete(text, 5)
	})
}
