package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// dispositifLabels name the dispositifs in French.
var dispositifLabels = map[recommender.Dispositif]string{
	recommender.DispositifVAE:      "VAE",
	recommender.DispositifCPF:      "CPF",
	recommender.DispositifBilan:    "bilan de compétences",
	recommender.DispositifMobilite: "mobilité interne",
	recommender.DispositifPTP:      "projet de transition professionnelle",
}

// writeResponse prints a response for a terminal, in French: the goal
// understood, how the request was read, the suggestions per kind (a kind
// with nothing says so) each with its facts (by id) and reason, the routes
// outside the catalog when nothing fits, then the plan d'action.
func writeResponse(w io.Writer, resp recommender.Response, facts map[string][]string, explain bool) error {
	pw := &printer{w: w}
	writeGoal(pw, resp.Goal)
	if resp.Degraded {
		pw.printf("\n⚠ %s\n", resp.Notice)
	}
	for _, n := range resp.Notes {
		pw.printf("\nNote : %s", n)
	}
	if len(resp.Notes) > 0 {
		pw.printf("\n")
	}
	if len(resp.Suggestions) == 0 && !resp.NothingFits {
		pw.printf("\nAucune suggestion ne répond à ces critères : essayez d'élargir les contraintes.\n")
	}
	for _, ks := range resp.Suggestions {
		writeKind(pw, ks, facts, explain)
	}
	if resp.NothingFits {
		writeRoutes(pw, resp.Routes)
	}
	writePlan(pw, resp.Plan, len(resp.Goal.GapSkills) > 0)
	return pw.err
}

// writeKind prints the suggestions of one kind, each with its pertinence,
// its facts (price, duration, place… which the reason does not repeat)
// and its reason, or the notice of an empty kind.
func writeKind(pw *printer, ks recommender.KindSuggestions, facts map[string][]string, explain bool) {
	pw.printf("\n%s\n", kindHeading(ks.Kind))
	if len(ks.Items) == 0 {
		notice := ks.Notice
		if notice == "" {
			notice = "Aucune suggestion de ce type."
		}
		pw.printf("  %s\n", notice)
	}
	for i, s := range ks.Items {
		pw.printf("  %d. %s  [%s]", i+1, s.Title, s.ID)
		if s.Pertinence != "" {
			pw.printf("  — pertinence %s", s.Pertinence)
		}
		pw.printf("\n")
		if f := facts[s.ID]; len(f) > 0 {
			pw.printf("     %s\n", strings.Join(f, " · "))
		}
		pw.printf("     %s\n", s.Reason)
		if explain && s.Breakdown != nil {
			pw.printf("     score %s, confiance %s : %s\n", decimal(s.Score, 4), decimal(s.Confidence, 2), breakdownText(s.Breakdown))
		}
	}
}

// writeRoutes says plainly that the catalog has nothing for this goal and
// lists the routes outside it, each with its official name and link.
func writeRoutes(pw *printer, routes []recommender.ExternalRoute) {
	pw.printf("\nLe catalogue de l'entreprise n'a rien à proposer pour ce projet pour l'instant.\n")
	if len(routes) == 0 {
		return
	}
	pw.printf("D'autres voies existent en dehors de l'entreprise :\n")
	for _, r := range routes {
		pw.printf("  • %s", r.Name)
		if r.Description != "" {
			pw.printf(" — %s", r.Description)
		}
		pw.printf("\n")
		if r.URL != "" {
			pw.printf("    %s\n", r.URL)
		}
	}
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
	if len(g.Dispositifs) > 0 {
		ds := make([]string, 0, len(g.Dispositifs))
		for _, d := range g.Dispositifs {
			if l, ok := dispositifLabels[d]; ok {
				ds = append(ds, l)
			} else {
				ds = append(ds, string(d))
			}
		}
		pw.printf("Dispositifs demandés : %s\n", strings.Join(ds, ", "))
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

// kindHeading is the French section title of a kind.
func kindHeading(k catalog.Kind) string {
	info, _ := k.Info()
	return info.Heading
}
