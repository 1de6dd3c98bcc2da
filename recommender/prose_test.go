package recommender

import "testing"

func TestOfUnit(t *testing.T) {
	for _, tc := range []struct{ dept, want string }{
		{"Maintenance", "du service Maintenance"},
		{"Data & IA", "du service Data & IA"},
		{"RH", "du service RH"},
		{"DRH", "de la DRH"},
		{"DSI", "de la DSI"},
		{"la DRH", "de la DRH"},
		{"Direction des systèmes d'information", "de la direction des systèmes d'information"},
		{"Service client", "du service client"},
		{"Équipe Data", "de l'équipe Data"},
		{"Atelier mécanique", "de l'atelier mécanique"},
		{"  ", ""},
	} {
		if got := ofUnit(tc.dept); got != tc.want {
			t.Errorf("ofUnit(%q) = %q, want %q", tc.dept, got, tc.want)
		}
	}
}

func TestInProse(t *testing.T) {
	for _, tc := range []struct{ label, matched, said, want string }{
		{"Analyste de données", "Data analyst", "data analyst", "analyste de données"},
		{"Chargé / Chargée de recrutement", "Chargé / Chargée de recrutement", "chargée de recrutement", "chargée de recrutement"},
		{"Chargé / Chargée de recrutement", "Chargé / Chargée de recrutement", "Chargé de recrutement", "chargé de recrutement"},
		{"Chargé / Chargée de recrutement", "Recruteur", "recruteur", "chargé de recrutement"},
		{"Contrôleur / Contrôleuse de gestion", "Contrôleur / Contrôleuse de gestion", "CONTRÔLEUSE DE GESTION", "contrôleuse de gestion"},
		{"Ingénieur / Ingénieure data", "Data engineer / Data engineuse", "data engineuse", "ingénieure data"},
		{"Responsable QHSE", "Responsable QHSE", "responsable QHSE", "responsable QHSE"},
		{"QHSE manager", "", "", "QHSE manager"},
		{"DevOps engineer", "", "", "DevOps engineer"},
	} {
		if got := inProse(tc.label, tc.matched, tc.said); got != tc.want {
			t.Errorf("inProse(%q, %q, %q) = %q, want %q", tc.label, tc.matched, tc.said, got, tc.want)
		}
	}
}
