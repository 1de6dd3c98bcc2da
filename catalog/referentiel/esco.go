package referentiel

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"
)

// ESCOAttribution is the notice to show with ESCO data. The CSV files do
// not carry their version; this is the version Tremplin is tested with.
const ESCOAttribution = "Source : Commission européenne – ESCO v1.1.1"

// ESCO file names, as in the official CSV download.
const (
	escoOccupations = "occupations_fr.csv"
	escoSkills      = "skills_fr.csv"
	escoRelations   = "occupationSkillRelations.csv"
	escoISCO        = "ISCOGroups_fr.csv"
)

// ESCOStats counts what ImportESCO read.
type ESCOStats struct {
	Occupations int
	Skills      int
	Relations   int // rows of occupationSkillRelations.csv
	Essential   int // essential links kept (→ CoreSkills)
	Optional    int // optional links kept (→ OtherSkills)
	// UnknownSkill and UnknownOccupation count relation rows skipped
	// because they name a skill or occupation absent from the other files
	// (the published skills_fr.csv can lag behind the relations).
	UnknownSkill      int
	UnknownOccupation int
}

// ImportESCO reads the ESCO CSV files of dir (occupations_fr.csv,
// skills_fr.csv, occupationSkillRelations.csv, and ISCOGroups_fr.csv when
// present for domain labels) into one Metier per occupation, keyed by its
// concept URI, and one Skill per skill. Essential skills become CoreSkills
// and optional ones OtherSkills, as labels.
func ImportESCO(ctx context.Context, dir string) (*catalog.Referentiel, ESCOStats, error) {
	var st ESCOStats
	for _, f := range []string{escoOccupations, escoSkills, escoRelations} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return nil, st, notFound("fichier ESCO %s absent de %s", f, dir)
		}
	}
	var (
		occ  []catalog.Metier
		sk   []catalog.Skill
		rels []relationRow
		isco map[string]string
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { occ, err = readOccupations(gctx, dir); return })
	g.Go(func() (err error) { sk, err = readESCOSkills(gctx, dir); return })
	g.Go(func() (err error) { rels, err = readRelations(gctx, dir); return })
	g.Go(func() (err error) { isco, err = readISCO(gctx, dir); return })
	if err := g.Wait(); err != nil {
		return nil, st, err
	}
	ref := &catalog.Referentiel{Metiers: occ, Skills: sk, Attribution: []string{ESCOAttribution}}
	st.Occupations, st.Skills, st.Relations = len(occ), len(sk), len(rels)
	byURI := make(map[string]*catalog.Metier, len(occ))
	for i := range ref.Metiers {
		m := &ref.Metiers[i]
		if _, dup := byURI[m.Code]; dup {
			return nil, st, &ParseError{File: escoOccupations, Column: "conceptUri", Reason: "occupation en double : " + m.Code}
		}
		byURI[m.Code] = m
		if l, ok := isco[m.DomainCode]; ok {
			m.Domain = l
		}
		if len(m.DomainCode) > 0 {
			m.GrandDomain = isco[m.DomainCode[:1]]
		}
	}
	attachRelations(ref, byURI, rels, &st)
	return ref, st, nil
}

type relationRow struct {
	occupation, skill string
	essential         bool
}

// attachRelations turns relation rows into skill labels on the occupations.
func attachRelations(ref *catalog.Referentiel, byURI map[string]*catalog.Metier, rels []relationRow, st *ESCOStats) {
	label := make(map[string]string, len(ref.Skills))
	for _, s := range ref.Skills {
		label[s.ID] = s.Label
	}
	for _, r := range rels {
		m := byURI[r.occupation]
		if m == nil {
			st.UnknownOccupation++
			continue
		}
		l, ok := label[r.skill]
		if !ok {
			st.UnknownSkill++
			continue
		}
		if r.essential {
			m.CoreSkills = append(m.CoreSkills, l)
			st.Essential++
		} else {
			m.OtherSkills = append(m.OtherSkills, l)
			st.Optional++
		}
	}
}

// splitLines splits an ESCO multi-valued cell (one value per line).
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func readOccupations(ctx context.Context, dir string) ([]catalog.Metier, error) {
	var out []catalog.Metier
	cols := []column{key("conceptUri"), key("preferredLabel"), opt("altLabels"), opt("description"), opt("iscoGroup")}
	err := readFile(ctx, filepath.Join(dir, escoOccupations), cols, func(line int, v []string) error {
		m := catalog.Metier{Code: v[0], Source: catalog.SourceESCO, Label: v[1], Definition: v[3], DomainCode: v[4]}
		seen := map[string]bool{v[1]: true}
		for _, a := range splitLines(v[2]) {
			if !seen[a] {
				seen[a] = true
				m.Appellations = append(m.Appellations, catalog.Appellation{Label: a})
			}
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

func readESCOSkills(ctx context.Context, dir string) ([]catalog.Skill, error) {
	var out []catalog.Skill
	cols := []column{key("conceptUri"), key("preferredLabel"), opt("altLabels"), opt("skillType")}
	err := readFile(ctx, filepath.Join(dir, escoSkills), cols, func(line int, v []string) error {
		out = append(out, catalog.Skill{ID: v[0], Label: v[1], AltLabels: splitLines(v[2]), Domain: v[3]})
		return nil
	})
	return out, err
}

func readRelations(ctx context.Context, dir string) ([]relationRow, error) {
	var out []relationRow
	cols := []column{key("occupationUri"), key("relationType"), key("skillUri")}
	err := readFile(ctx, filepath.Join(dir, escoRelations), cols, func(line int, v []string) error {
		r := relationRow{occupation: v[0], skill: v[2]}
		switch v[1] {
		case "essential":
			r.essential = true
		case "optional":
		default:
			return &ParseError{File: escoRelations, Line: line, Column: "relationType",
				Reason: fmt.Sprintf("« essential » ou « optional » attendu, reçu %q", v[1])}
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// readISCO maps ISCO codes ("2654", "2") to their French labels; the file
// is optional.
func readISCO(ctx context.Context, dir string) (map[string]string, error) {
	out := make(map[string]string)
	err := readFile(ctx, filepath.Join(dir, escoISCO), []column{key("code"), key("preferredLabel")},
		func(line int, v []string) error {
			out[v[0]] = v[1]
			return nil
		})
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	return out, err
}
