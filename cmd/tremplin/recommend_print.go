package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// kindHeadings are the French section titles of each kind.
var kindHeadings = map[catalog.Kind]string{
	catalog.KindFormation:     "Formations",
	catalog.KindCertification: "Certifications",
	catalog.KindMentoring:     "Mentors",
	catalog.KindMission:       "Missions internes",
}

// writeResponse prints a response for a terminal, in French: the goal
// understood, the suggestions per kind, then the plan d'action.
func writeResponse(w io.Writer, resp recommender.Response, explain bool) error {
	pw := &printer{w: w}
	writeGoal(pw, resp.Goal)
	if resp.Degraded {
		pw.printf("\n⚠ %s\n", resp.Notice)
	}
	if len(resp.Suggestions) == 0 {
		pw.printf("\nAucune suggestion ne répond à ces critères : essayez d'élargir les contraintes.\n")
	}
	for _, ks := range resp.Suggestions {
		pw.printf("\n%s\n", kindHeadings[ks.Kind])
		for i, s := range ks.Items {
			pw.printf("  %d. %s  [%s]\n     %s\n", i+1, s.Title, s.ID, s.Reason)
			if explain && s.Breakdown != nil {
				pw.printf("     score %s : %s\n", decimal(s.Score, 4), breakdownText(s.Breakdown))
			}
		}
	}
	writePlan(pw, resp.Plan, len(resp.Goal.GapSkills) > 0)
	return pw.err
}

func writeGoal(pw *printer, g recommender.Goal) {
	pw.printf("Projet compris : « %s »\n", g.Target)
	if g.Current != "" {
		pw.printf("Poste actuel : %s\n", g.Current)
	}
	if len(g.Metiers) > 0 {
		ms := make([]string, 0, len(g.Metiers))
		for _, m := range g.Metiers {
			ms = append(ms, m.Label+" ("+m.Code+")")
		}
		pw.printf("Métiers visés : %s\n", strings.Join(ms, ", "))
	}
	if len(g.GapSkills) > 0 {
		pw.printf("Compétences à acquérir : %s\n", strings.Join(g.GapSkills, ", "))
	}
}

func writePlan(pw *printer, p recommender.Plan, hasGap bool) {
	if len(p.Actions) == 0 {
		return
	}
	var totals []string
	if p.TotalPriceEUR > 0 {
		totals = append(totals, recommender.FormatPrice(p.TotalPriceEUR))
	}
	if p.TotalHours > 0 {
		totals = append(totals, recommender.FormatHours(p.TotalHours))
	}
	pw.printf("\nPlan d'action")
	if len(totals) > 0 {
		pw.printf(" (%s)", strings.Join(totals, ", "))
	}
	pw.printf("\n")
	for i, a := range p.Actions {
		pw.printf("  %d. %s  [%s]\n     %s\n", i+1, a.Title, a.ID, a.Reason)
	}
	switch {
	case len(p.Uncovered) > 0:
		pw.printf("Compétences non couvertes : %s\n", strings.Join(p.Uncovered, ", "))
	case hasGap:
		pw.printf("Toutes les compétences à acquérir sont couvertes par ce plan.\n")
	}
}

func breakdownText(b *recommender.Breakdown) string {
	part := func(name string, rank int, score float64) string {
		if rank == 0 {
			return name + " —"
		}
		return fmt.Sprintf("%s n° %d (%s)", name, rank, decimal(score, 3))
	}
	return strings.Join([]string{
		part("texte", b.TextRank, b.TextScore),
		part("vecteurs", b.VectorRank, b.VectorScore),
		part("métiers", b.MetierRank, b.MetierScore),
	}, ", ")
}

// decimal writes x with a decimal comma.
func decimal(x float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', prec, 64), ".", ",", 1)
}

// printer remembers the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, a ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, a...)
	}
}
