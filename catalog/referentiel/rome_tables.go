package referentiel

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

// skillPrefix starts the ID of every ROME skill: "rome:<code_ogr>".
const skillPrefix = "rome:"

type appellationRow struct {
	line int
	code string
	app  catalog.Appellation
}

type texteRow struct {
	line       int
	code, kind string
	pos        int
	text       string
}

type domaineRow struct {
	domain, domainCode, grandDomain string
}

type coherenceRow struct {
	line      int
	code, ogr string
	core      bool
}

type mobiliteRow struct {
	line         int
	code, target string
	order        int
}

// atoi parses a non-negative integer column, naming file, line and column on error.
func atoi(d *romeDir, table string, line int, col, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &ParseError{File: d.files[table], Line: line, Column: col,
			Reason: fmt.Sprintf("nombre entier attendu, reçu %q", s)}
	}
	return n, nil
}

// yesNo parses the O/N flags of ROME files; empty means no.
func yesNo(d *romeDir, table string, line int, col, s string) (bool, error) {
	switch s {
	case "O", "o":
		return true, nil
	case "N", "n", "":
		return false, nil
	}
	return false, &ParseError{File: d.files[table], Line: line, Column: col,
		Reason: fmt.Sprintf("O ou N attendu, reçu %q", s)}
}

func readFiches(ctx context.Context, d *romeDir) ([]catalog.Metier, error) {
	var out []catalog.Metier
	first := make(map[string]int)
	cols := []column{key("code_rome"), key("libelle_rome"), opt("code_rome_parent")}
	err := d.read(ctx, tFiches, cols, func(line int, v []string) error {
		if prev, dup := first[v[0]]; dup {
			return &ParseError{File: d.files[tFiches], Line: line, Column: "code_rome",
				Reason: fmt.Sprintf("code ROME %s en double (déjà ligne %d)", v[0], prev)}
		}
		first[v[0]] = line
		m := catalog.Metier{Code: v[0], Source: catalog.SourceROME, Label: v[1]}
		if v[2] != v[0] {
			m.Parent = v[2]
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

func readAppellations(ctx context.Context, d *romeDir) ([]appellationRow, error) {
	var out []appellationRow
	cols := []column{key("code_ogr"), key("libelle_appellation_long"), key("code_rome"), opt("peu_usite")}
	err := d.read(ctx, tAppellations, cols, func(line int, v []string) error {
		rare, err := yesNo(d, tAppellations, line, "peu_usite", v[3])
		if err != nil {
			return err
		}
		out = append(out, appellationRow{line: line, code: v[2],
			app: catalog.Appellation{Code: v[0], Label: v[1], Rare: rare}})
		return nil
	})
	return out, err
}

// readTexte reads definitions and access texts. The producer's export
// doubles apostrophes ("l”analyse"); they are undoubled here.
func readTexte(ctx context.Context, d *romeDir) ([]texteRow, error) {
	if !d.has(tTexte) {
		return nil, nil
	}
	var out []texteRow
	cols := []column{key("code_rome"), key("libelle_type_texte"), key("position_phrase"), opt("libelle_texte")}
	err := d.read(ctx, tTexte, cols, func(line int, v []string) error {
		pos, err := atoi(d, tTexte, line, "position_phrase", v[2])
		if err != nil {
			return err
		}
		if v[3] == "" {
			return nil
		}
		out = append(out, texteRow{line: line, code: v[0], kind: v[1], pos: pos,
			text: strings.ReplaceAll(v[3], "''", "'")})
		return nil
	})
	return out, err
}

func readDomaines(ctx context.Context, d *romeDir) (map[string]domaineRow, error) {
	if !d.has(tDomaines) {
		return nil, nil
	}
	out := make(map[string]domaineRow)
	cols := []column{key("code_rome"), opt("libelle_grand_domaine"),
		opt("code_domaine_professionnel|code_domaine_professionel"),
		opt("libelle_domaine_professionnel|libelle_domaine_professionel")}
	err := d.read(ctx, tDomaines, cols, func(line int, v []string) error {
		out[v[0]] = domaineRow{grandDomain: v[1], domainCode: v[2], domain: v[3]}
		return nil
	})
	return out, err
}

// readCompetences reads compétences and macro-compétences; Domain holds
// the category ("Savoir-faire", "Savoir-être professionnels").
func readCompetences(ctx context.Context, d *romeDir) ([]catalog.Skill, error) {
	if !d.has(tCompetences) {
		return nil, nil
	}
	var out []catalog.Skill
	cols := []column{key("code_ogr"), key("libelle_competence"), opt("cat_comp")}
	err := d.read(ctx, tCompetences, cols, func(line int, v []string) error {
		out = append(out, catalog.Skill{ID: skillPrefix + v[0], Label: v[1], Domain: v[2]})
		return nil
	})
	return out, err
}

// readSavoirs reads savoirs (knowledge); Domain holds "Savoirs".
func readSavoirs(ctx context.Context, d *romeDir) ([]catalog.Skill, error) {
	if !d.has(tSavoirs) {
		return nil, nil
	}
	var out []catalog.Skill
	cols := []column{key("code_ogr_savoir|code_ogr"), key("libelle_savoir")}
	err := d.read(ctx, tSavoirs, cols, func(line int, v []string) error {
		out = append(out, catalog.Skill{ID: skillPrefix + v[0], Label: v[1], Domain: "Savoirs"})
		return nil
	})
	return out, err
}

func readCoherence(ctx context.Context, d *romeDir) ([]coherenceRow, error) {
	if !d.has(tCoherence) {
		return nil, nil
	}
	var out []coherenceRow
	cols := []column{key("code_rome"), key("code_ogr"), opt("coeur_metier")}
	err := d.read(ctx, tCoherence, cols, func(line int, v []string) error {
		out = append(out, coherenceRow{line: line, code: v[0], ogr: v[1], core: v[2] == "Principale"})
		return nil
	})
	return out, err
}

func readMobilite(ctx context.Context, d *romeDir) ([]mobiliteRow, error) {
	if !d.has(tMobilite) {
		return nil, nil
	}
	var out []mobiliteRow
	cols := []column{key("code_rome"), key("code_rome_cible"), opt("numero_ordre")}
	err := d.read(ctx, tMobilite, cols, func(line int, v []string) error {
		order := 0
		if v[2] != "" {
			n, err := atoi(d, tMobilite, line, "numero_ordre", v[2])
			if err != nil {
				return err
			}
			order = n
		}
		out = append(out, mobiliteRow{line: line, code: v[0], target: v[1], order: order})
		return nil
	})
	return out, err
}
