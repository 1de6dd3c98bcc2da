package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

const maxSuggestions = 50

// Completion answers are cached: the page asks them as an employee types,
// and the taxonomy and référentiels change rarely (a completer that may
// change them while the server runs is versioned, and its version is in
// the key). Keys are a prefix of a label and a count, never personal data; the cache
// is bounded and forgets after a while.
const (
	completionCacheSize = 2048
	completionCacheTTL  = 10 * time.Minute
)

// completionCache holds recent skill and métier completions.
type completionCache struct {
	skills  *expirable.LRU[string, []skillSuggestion]
	metiers *expirable.LRU[string, []metierSuggestion]
}

func newCompletionCache() *completionCache {
	return &completionCache{
		skills:  expirable.NewLRU[string, []skillSuggestion](completionCacheSize, nil, completionCacheTTL),
		metiers: expirable.NewLRU[string, []metierSuggestion](completionCacheSize, nil, completionCacheTTL),
	}
}

// completionKey is the cache key of a completion by from: the version
// of from when it has one (see versioned), the limit and the prefix.
func completionKey(from any, q string, n int) string {
	k := strconv.Itoa(n) + "\x00" + q
	if v, ok := from.(versioned); ok {
		k = strconv.FormatUint(v.Version(), 10) + "\x00" + k
	}
	return k
}

type skillSuggestion struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	AltLabels []string `json:"alt_labels,omitempty"`
	Domain    string   `json:"domain,omitempty"`
}

type metierSuggestion struct {
	Code   string `json:"code"`
	Source string `json:"source"`
	// Label is the matching job title; Metier the label of its fiche.
	Label  string `json:"label"`
	Metier string `json:"metier"`
	Rare   bool   `json:"rare,omitempty"`
}

// completeParams reads q (required, ≤ 100 chars) and limit (1..50, default 10).
func completeParams(c *gin.Context) (string, int, *Error) {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return "", 0, badRequest("q", "paramètre q requis (début du libellé)")
	}
	if len([]rune(q)) > 100 {
		return "", 0, badRequest("q", "recherche trop longue (maximum 100 caractères)")
	}
	n := 10
	if v := c.Query("limit"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > maxSuggestions {
			return "", 0, badRequest("limit", fmt.Sprintf("entier entre 1 et %d attendu", maxSuggestions))
		}
	}
	return q, n, nil
}

func (s *server) handleSkills() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, n, apiErr := completeParams(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		key := completionKey(s.deps.Skills, q, n)
		out, ok := s.completions.skills.Get(key)
		if !ok {
			out = []skillSuggestion{}
			for _, sk := range s.deps.Skills.Complete(q, n) {
				out = append(out, skillSuggestion{ID: sk.ID, Label: sk.Label, AltLabels: sk.AltLabels, Domain: sk.Domain})
			}
			s.completions.skills.Add(key, out)
		}
		s.writeJSON(c, http.StatusOK, gin.H{"skills": out})
	}
}

func (s *server) handleMetiers() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, n, apiErr := completeParams(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		key := completionKey(s.deps.Metiers, q, n)
		out, ok := s.completions.metiers.Get(key)
		if !ok {
			out = []metierSuggestion{}
			if s.deps.Metiers != nil {
				for _, sg := range s.deps.Metiers.Suggest(q, n) {
					out = append(out, metierSuggestion{Code: sg.Metier.Code, Source: string(sg.Metier.Source),
						Label: sg.Label, Metier: sg.Metier.Label, Rare: sg.Rare})
				}
			}
			s.completions.metiers.Add(key, out)
		}
		attribution := s.attribution()
		if attribution == nil {
			attribution = []string{}
		}
		s.writeJSON(c, http.StatusOK, gin.H{"metiers": out, "attribution": attribution})
	}
}

// gapReport is the body of GET /reports/skill-gaps.
type gapReport struct {
	SkillGaps           []catalog.SkillGap     `json:"skill_gaps"`
	UnknownSkills       []catalog.SkillDemand  `json:"unknown_skills"`
	MetiersWithoutOffer []catalog.MetierDemand `json:"metiers_without_offer"`
}

func (s *server) handleSkillGaps() gin.HandlerFunc {
	return func(c *gin.Context) {
		n := 50
		if v := c.Query("limit"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 500 {
				writeError(c, s.logger, badRequest("limit", "entier entre 1 et 500 attendu"))
				return
			}
		}
		period, ok := parseGapPeriod(c.Query("period"))
		if !ok {
			writeError(c, s.logger, badRequest("period", "valeurs acceptées : month, 3m, 12m, all"))
			return
		}
		rep := fillGapReport(recommender.GapReport{})
		if s.deps.Demand != nil {
			var err error
			if rep, err = s.deps.Demand.Report(c.Request.Context(), recommender.GapQuery{Since: period.since(time.Now()), Limit: n}); err != nil {
				writeError(c, s.logger, err)
				return
			}
			rep = fillGapReport(rep)
		}
		s.writeJSON(c, http.StatusOK, gapReport{SkillGaps: rep.Skills, UnknownSkills: rep.Unknown, MetiersWithoutOffer: rep.Metiers})
	}
}
