package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	records "github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/recommender"
)

// gapsPageRows bounds each table of the skill-gap page.
const gapsPageRows = 30

// gapsView is the data of the skill-gap page.
// gapsPlanRows is the number of catalog items of the plan d'action table.
const gapsPlanRows = 15

// gapsView is the data of the Lacunes page.
type gapsView struct {
	Period  gapPeriod
	Periods []gapPeriod
	Rows    []gapRow
	Chart   []gapBar
	// Unknown are the demanded skills the taxonomy does not know.
	Unknown []catalog.SkillDemand
	// Metiers are the target métiers demanded without offer.
	Metiers []catalog.MetierDemand
	// UnknownSessions is the number of sessions an unknown label needs.
	UnknownSessions int
	// PlanActions are the catalog items most often in saved plans d'action
	// (counts of people, each at least MinCell).
	PlanActions []records.ItemUsage
	// PlanMetiers are the métiers saved plans d'action aim at (counts of
	// people, each at least MinCell).
	PlanMetiers []records.MetierDemand
	MinCell     int
	Error       string
}

// gapRow is one line of the skill table.
type gapRow struct {
	catalog.SkillGap
	// Constraints says how many requests set each kind of constraint.
	Constraints string
}

// gapBar is one bar of the chart: lengths in % of the longest.
type gapBar struct {
	Label              string
	Requests, Coverage int
	Demand, Cover      int
}

func (p *pages) handleGaps() gin.HandlerFunc {
	return func(c *gin.Context) {
		v := gapsView{Periods: gapPeriods, UnknownSessions: recommender.UnknownSkillSessions}
		status := http.StatusOK
		rep, period, msg, err := p.gapReport(c, gapsPageRows)
		v.Period = period
		switch {
		case msg != "":
			v.Error, status = msg, http.StatusBadRequest
		case err != nil:
			p.s.logger.ErrorContext(c.Request.Context(), "skill gap page", "err", err)
			v.Error, status = "Le rapport n'a pas pu être calculé : réessayez plus tard.", http.StatusInternalServerError
		case p.s.deps.Demand == nil:
			v.Error = "Le rapport n'est pas disponible sur ce serveur."
		default:
			for _, r := range rep.Skills {
				v.Rows = append(v.Rows, gapRow{SkillGap: r, Constraints: constraintSummary(r.Constrained)})
			}
			v.Chart, v.Unknown, v.Metiers = newGapChart(rep.Skills), rep.Unknown, rep.Metiers
			v.PlanActions, v.MinCell = p.s.itemUsage(c.Request.Context()), records.MinCell
			if len(v.PlanActions) > gapsPlanRows {
				v.PlanActions = v.PlanActions[:gapsPlanRows]
			}
			if v.PlanMetiers = p.s.metierDemand(c.Request.Context()); len(v.PlanMetiers) > gapsPlanRows {
				v.PlanMetiers = v.PlanMetiers[:gapsPlanRows]
			}
		}
		p.render(c, status, "lacunes", view{Title: "Lacunes de compétences", Nav: "lacunes", Data: v})
	}
}

// gapReport reads the report of the period asked for (?period=); msg says
// in French what is wrong with the request.
func (p *pages) gapReport(c *gin.Context, limit int) (rep recommender.GapReport, period gapPeriod, msg string, err error) {
	period, ok := parseGapPeriod(c.Query("period"))
	if !ok {
		period, _ = parseGapPeriod("")
		return rep, period, "Période inconnue.", nil
	}
	if p.s.deps.Demand == nil {
		return rep, period, "", nil
	}
	rep, err = p.s.deps.Demand.Report(c.Request.Context(), recommender.GapQuery{Since: period.since(time.Now()), Limit: limit})
	return rep, period, "", err
}

// handleGapsCSV exports the three tables of the page for the period, for
// a spreadsheet: ";" separated (as French spreadsheets expect), UTF-8 with
// a byte order mark.
func (p *pages) handleGapsCSV() gin.HandlerFunc {
	return func(c *gin.Context) {
		rep, period, msg, err := p.gapReport(c, 0)
		switch {
		case msg != "":
			p.errorPage(c, http.StatusBadRequest, "Période inconnue", "Choisissez une période proposée par la page Lacunes.")
			return
		case err != nil:
			p.s.logger.ErrorContext(c.Request.Context(), "skill gap export", "err", err)
			p.errorPage(c, http.StatusInternalServerError, "Erreur", "Le rapport n'a pas pu être calculé : réessayez plus tard.")
			return
		}
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		w := csv.NewWriter(&buf)
		w.Comma = ';'
		_ = w.Write([]string{"tableau", "libellé", "code", "demandes", "éléments qui la couvrent", "dont avec contraintes"})
		for _, r := range rep.Skills {
			_ = w.Write([]string{"compétences demandées", csvCell(r.Skill), "", strconv.Itoa(r.Requests), strconv.Itoa(r.Coverage), constraintSummary(r.Constrained)})
		}
		for _, r := range rep.Unknown {
			_ = w.Write([]string{"compétences inconnues de la taxonomie", csvCell(r.Skill), "", strconv.Itoa(r.Requests), "", ""})
		}
		for _, m := range rep.Metiers {
			_ = w.Write([]string{"métiers demandés sans offre", csvCell(m.Label), csvCell(m.Code), strconv.Itoa(m.Requests), "0", ""})
		}
		w.Flush()
		c.Header("Content-Disposition", `attachment; filename="lacunes-`+period.Key+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
}

// csvCell keeps a spreadsheet from reading a cell as a formula.
func csvCell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// newGapChart sizes the bars of the chart: the labels are HTML text beside
// them (never cut, readable on a phone), the bars an SVG without style
// attribute, so that the CSP holds.
func newGapChart(rows []catalog.SkillGap) []gapBar {
	top := 1
	for _, r := range rows {
		top = max(top, r.Requests, r.Coverage)
	}
	out := make([]gapBar, 0, len(rows))
	for _, r := range rows {
		out = append(out, gapBar{Label: r.Skill, Requests: r.Requests, Coverage: r.Coverage,
			Demand: max(1, r.Requests*100/top), Cover: r.Coverage * 100 / top})
	}
	return out
}
