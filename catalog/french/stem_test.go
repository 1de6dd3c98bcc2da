package french

import "testing"

func TestStemFamilies(t *testing.T) {
	families := [][]string{
		{"développeur", "développeurs", "développeuse", "développeuses", "développement", "développements", "développer", "développé"},
		{"gestionnaire", "gestionnaires", "gestion"},
		{"formateur", "formatrice", "formatrices", "formation", "formations", "former", "formé"},
		{"chargé", "chargée", "chargés", "chargées", "charger"},
		{"comptable", "comptables", "comptabilité"},
		{"commercial", "commerciale", "commerciaux", "commerce"},
		{"professionnel", "professionnelle", "professionnels", "profession"},
		{"technicien", "technicienne", "technique", "techniques"},
		{"enseignant", "enseignante", "enseignement"},
		{"conseiller", "conseillère", "conseil", "conseils"},
		{"directeur", "directrice", "direction"},
		{"créateur", "créatrice", "création", "créatif", "créative"},
		{"manager", "managers", "management"},
		{"responsable", "responsables", "responsabilité"},
		{"industriel", "industrielle", "industrie"},
		{"informatique", "informaticien", "informaticienne"},
		{"assistant", "assistante", "assistance"},
		{"installateur", "installation", "installer"},
		{"opérateur", "opération", "opérationnel", "opérationnelle"},
		{"ingénieur", "ingénieure", "ingénierie"},
		{"professeur", "professeurs", "professeure"},
		{"spécifique", "spécifier", "spécifiques"},
		{"implémentation", "implémenter"},
	}
	for _, fam := range families {
		t.Run(fam[0], func(t *testing.T) {
			want := Stem(Fold(fam[0]))
			for _, w := range fam[1:] {
				if got := Stem(Fold(w)); got != want {
					t.Errorf("Stem(%q) = %q, want %q (as %q)", w, got, want, fam[0])
				}
			}
		})
	}
}

func TestStemKeepsApart(t *testing.T) {
	pairs := [][2]string{
		{"informatique", "information"},
		{"commercial", "communication"},
		{"marketing", "marche"},
		{"vente", "ventilation"},
		{"format", "formation"},
		{"santé", "sanitaire"},
		{"professeur", "professionnel"},
		{"implantation", "implémentation"},
		{"spécifique", "spécial"},
	}
	for _, p := range pairs {
		t.Run(p[0]+"/"+p[1], func(t *testing.T) {
			a, b := Stem(Fold(p[0])), Stem(Fold(p[1]))
			if a == b {
				t.Errorf("Stem(%q) = Stem(%q) = %q, want different stems", p[0], p[1], a)
			}
		})
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"developpeur", "develop"},
		{"gestion", "gest"},
		{"formation", "form"},
		{"rh", "rh"},
		{"bts", "bts"},
		{"cours", "cour"},
		{"bureaux", "bureau"},
		{"processus", "processu"},
		{"", ""},
		{"ሀሀሀሀሀ", "ሀሀሀሀሀ"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzStem(f *testing.F) {
	for _, s := range []string{"developpeur", "gestionnaires", "aux", "ee", "ሀሀ", "s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		got := Stem(w)
		if len(got) > len(w)+1 {
			t.Errorf("Stem(%q) = %q grew the word", w, got)
		}
		if Stem(w) != got {
			t.Errorf("Stem(%q) is not deterministic", w)
		}
	})
}
