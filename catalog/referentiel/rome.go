// Package referentiel imports the public métier référentiels — France
// Travail's ROME 4.0 and the European Commission's ESCO — from the CSV files
// their producers publish, stores the result in the data directory, and
// indexes it for lookups and autocomplete.
package referentiel

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"
)

// ROMEStats counts what ImportROME read.
type ROMEStats struct {
	Version          string // e.g. "v460", from the file names
	Fiches           int
	Appellations     int
	RareAppellations int // peu_usite=O
	Skills           int // compétences, macro-compétences and savoirs
	CoreLinks        int // fiche→skill links with coeur_metier=Principale
	OtherLinks       int // other fiche→skill links
	Mobility         int // mobility edges
	Definitions      int // fiches with a definition
	// Missing lists the optional tables not found in the directory.
	Missing []string
}

// ROMEAttribution is the notice to show with ROME data, for a version such as "v460".
func ROMEAttribution(version string) string {
	return "Source : France Travail – ROME 4.0 (" + version + ")"
}

// Tables read by ImportROME. The first two are required.
const (
	tFiches       = "referentiel_code_rome"
	tAppellations = "referentiel_appellation"
	tTexte        = "texte"
	tDomaines     = "cr_gd_dp"
	tCompetences  = "referentiel_competence"
	tSavoirs      = "referentiel_savoir"
	tCoherence    = "coherence_item"
	tMobilite     = "rubrique_mobilite"
)

// romeTables holds the parsed rows of each table before assembly.
type romeTables struct {
	fiches      []catalog.Metier
	appellation []appellationRow
	texte       []texteRow
	domaines    map[string]domaineRow
	competences []catalog.Skill
	savoirs     []catalog.Skill
	coherence   []coherenceRow
	mobilite    []mobiliteRow
}

// ImportROME reads a directory of ROME 4.0 CSV files as published by
// France Travail ("Toutes les données du ROME", files named
// unix_<table>_v<version>_utf8.csv) into one Metier per fiche and one Skill
// per compétence and savoir (ID "rome:<code_ogr>"). Only
// unix_referentiel_code_rome and unix_referentiel_appellation are required;
// the stats list the other tables that were missing. Errors name the file,
// line and column.
func ImportROME(ctx context.Context, dir string) (*catalog.Referentiel, ROMEStats, error) {
	var st ROMEStats
	d, err := scanROMEDir(dir)
	if err != nil {
		return nil, st, err
	}
	st.Version = d.version
	for _, t := range []string{tFiches, tAppellations} {
		if !d.has(t) {
			return nil, st, notFound("fichier ROME unix_%s_v*_utf8.csv absent de %s", t, dir)
		}
	}
	for _, t := range []string{tTexte, tDomaines, tCompetences, tSavoirs, tCoherence, tMobilite} {
		if !d.has(t) {
			st.Missing = append(st.Missing, "unix_"+t)
		}
	}
	var tb romeTables
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { tb.fiches, err = readFiches(gctx, d); return })
	g.Go(func() (err error) { tb.appellation, err = readAppellations(gctx, d); return })
	g.Go(func() (err error) { tb.texte, err = readTexte(gctx, d); return })
	g.Go(func() (err error) { tb.domaines, err = readDomaines(gctx, d); return })
	g.Go(func() (err error) { tb.competences, err = readCompetences(gctx, d); return })
	g.Go(func() (err error) { tb.savoirs, err = readSavoirs(gctx, d); return })
	g.Go(func() (err error) { tb.coherence, err = readCoherence(gctx, d); return })
	g.Go(func() (err error) { tb.mobilite, err = readMobilite(gctx, d); return })
	if err := g.Wait(); err != nil {
		return nil, st, err
	}
	ref, err := assembleROME(d, &tb, &st)
	if err != nil {
		return nil, st, err
	}
	ref.Attribution = []string{ROMEAttribution(st.Version)}
	return ref, st, nil
}

// assembleROME attaches every table's rows to the fiches they name.
func assembleROME(d *romeDir, tb *romeTables, st *ROMEStats) (*catalog.Referentiel, error) {
	ref := &catalog.Referentiel{Metiers: tb.fiches}
	byCode := make(map[string]*catalog.Metier, len(ref.Metiers))
	for i := range ref.Metiers {
		byCode[ref.Metiers[i].Code] = &ref.Metiers[i] // unique: checked by readFiches
	}
	st.Fiches = len(ref.Metiers)
	if err := attachAppellations(d, byCode, tb.appellation, st); err != nil {
		return nil, err
	}
	if err := attachTexte(d, byCode, tb.texte, st); err != nil {
		return nil, err
	}
	for code, dom := range tb.domaines {
		if m := byCode[code]; m != nil {
			m.Domain, m.DomainCode, m.GrandDomain = dom.domain, dom.domainCode, dom.grandDomain
		}
	}
	ref.Skills = append(tb.competences, tb.savoirs...)
	st.Skills = len(ref.Skills)
	if err := attachSkills(d, byCode, ref.Skills, tb.coherence, st); err != nil {
		return nil, err
	}
	if err := attachMobility(d, byCode, tb.mobilite, st); err != nil {
		return nil, err
	}
	return ref, nil
}

// unknownFiche is the error for a row naming a code absent from the fiches.
func unknownFiche(file string, line int, col, code string) error {
	return &ParseError{File: file, Line: line, Column: col,
		Reason: fmt.Sprintf("code ROME %q absent de unix_%s", code, tFiches)}
}

func attachAppellations(d *romeDir, byCode map[string]*catalog.Metier, rows []appellationRow, st *ROMEStats) error {
	for _, r := range rows {
		m := byCode[r.code]
		if m == nil {
			return unknownFiche(d.files[tAppellations], r.line, "code_rome", r.code)
		}
		m.Appellations = append(m.Appellations, r.app)
		st.Appellations++
		if r.app.Rare {
			st.RareAppellations++
		}
	}
	return nil
}

func attachTexte(d *romeDir, byCode map[string]*catalog.Metier, rows []texteRow, st *ROMEStats) error {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].code != rows[j].code {
			return rows[i].code < rows[j].code
		}
		if rows[i].kind != rows[j].kind {
			return rows[i].kind < rows[j].kind
		}
		return rows[i].pos < rows[j].pos
	})
	parts := make(map[*string][]string)
	for _, r := range rows {
		m := byCode[r.code]
		if m == nil {
			return unknownFiche(d.files[tTexte], r.line, "code_rome", r.code)
		}
		switch r.kind {
		case "definition":
			parts[&m.Definition] = append(parts[&m.Definition], r.text)
		case "acces_metier":
			parts[&m.Access] = append(parts[&m.Access], r.text)
		}
	}
	for p, texts := range parts {
		*p = strings.Join(texts, "\n")
	}
	for _, m := range byCode {
		if m.Definition != "" {
			st.Definitions++
		}
	}
	return nil
}

func attachSkills(d *romeDir, byCode map[string]*catalog.Metier, skills []catalog.Skill, rows []coherenceRow, st *ROMEStats) error {
	label := make(map[string]string, len(skills))
	for _, s := range skills {
		label[strings.TrimPrefix(s.ID, skillPrefix)] = s.Label
	}
	for _, r := range rows {
		m := byCode[r.code]
		if m == nil {
			return unknownFiche(d.files[tCoherence], r.line, "code_rome", r.code)
		}
		l, ok := label[r.ogr]
		if !ok {
			continue // a contexte de travail, not a skill
		}
		if r.core {
			m.CoreSkills = append(m.CoreSkills, l)
			st.CoreLinks++
		} else {
			m.OtherSkills = append(m.OtherSkills, l)
			st.OtherLinks++
		}
	}
	return nil
}

func attachMobility(d *romeDir, byCode map[string]*catalog.Metier, rows []mobiliteRow, st *ROMEStats) error {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].code != rows[j].code {
			return rows[i].code < rows[j].code
		}
		return rows[i].order < rows[j].order
	})
	for _, r := range rows {
		m := byCode[r.code]
		if m == nil {
			return unknownFiche(d.files[tMobilite], r.line, "code_rome", r.code)
		}
		if byCode[r.target] == nil {
			return unknownFiche(d.files[tMobilite], r.line, "code_rome_cible", r.target)
		}
		m.Mobility = append(m.Mobility, r.target)
		st.Mobility++
	}
	return nil
}
