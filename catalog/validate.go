package catalog

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Validate checks the field-level rules of one item and returns every
// problem found, with Field, ID, Code and Reason set (File and Line are left
// for the caller). It expects a normalized item (see Normalize): surrounding
// spaces count as content. An item with no problem is safe to index.
func Validate(it *Item) []Problem {
	v := &validator{id: it.ID}
	checkEncoding(v, it)
	if len(v.problems) > 0 {
		return v.problems // further checks on undecodable text are noise
	}
	checkTexts(v, it)
	checkIdentity(v, it)
	checkOffer(v, it)
	checkBlocs(v, it)
	checkMentor(v, it)
	checkMission(v, it)
	return v.problems
}

// validator collects the problems of one item.
type validator struct {
	id       string
	problems []Problem
}

func (v *validator) add(field string, code ProblemCode, format string, args ...any) {
	v.problems = append(v.problems, Problem{
		Field: field, ID: v.id, Code: code, Reason: fmt.Sprintf(format, args...),
	})
}

func checkIdentity(v *validator, it *Item) {
	checkID(v, it.ID)
	switch {
	case it.Kind == "":
		v.add("kind", CodeRequired, "obligatoire (formation, certification, mentoring ou mission)")
	case !it.Kind.Valid():
		v.add("kind", CodeEnum, "type inconnu %s (attendu : formation, certification, mentoring ou mission)", quote(string(it.Kind)))
	}
	if it.Title == "" {
		v.add("title", CodeRequired, "obligatoire")
	}
	if it.URL != "" && !validURL(it.URL) {
		v.add("url", CodeFormat, "doit être une adresse http(s) absolue, reçu %s", quote(it.URL))
	}
}

// idForbidden are the characters an id may not hold: an id is one segment
// of the URLs /api/v1/items/{id} and /catalogue/{id}, and these would split
// it, end it, or be read as a separator by a proxy.
const idForbidden = `/\?#`

// checkID requires an id that stands as one URL path segment: no separator,
// and neither "." nor "..", which a client or proxy would resolve away.
func checkID(v *validator, id string) {
	switch {
	case id == "":
		v.add("id", CodeRequired, "obligatoire")
	case strings.ContainsAny(id, idForbidden):
		i := strings.IndexAny(id, idForbidden)
		v.add("id", CodeFormat, "caractère %s interdit dans un identifiant (interdits : / \\ ? #), reçu %s",
			quote(id[i:i+1]), quote(id))
	case id == "." || id == "..":
		v.add("id", CodeFormat, "%s n'est pas un identifiant valide", quote(id))
	}
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkOffer checks the formation attributes: modality, price, duration, sessions.
func checkOffer(v *validator, it *Item) {
	if !it.Modality.Valid() {
		v.add("modality", CodeEnum, "modalité inconnue %s (valeurs acceptées : %s)", quote(string(it.Modality)), AcceptedModalities)
	}
	if p := it.PriceEUR; p != nil {
		checkNumber(v, "price_eur", *p, *p >= 0, "≥ 0")
		checkCap(v, "price_eur", *p, MaxPriceEUR, "1 000 000 €")
	}
	if d := it.DurationHours; d != nil {
		checkNumber(v, "duration_hours", *d, *d > 0, "> 0")
		checkCap(v, "duration_hours", *d, MaxDurationHours, "100 000 heures")
	}
	if n := len(it.Sessions); n > MaxSessions {
		v.add("sessions", CodeTooLong, "trop d'entrées : %d (maximum %d)", n, MaxSessions)
		return
	}
	for i, s := range it.Sessions {
		if s.Start.IsZero() {
			v.add(indexed("sessions", i, "start"), CodeRequired, "obligatoire")
			continue
		}
		checkDates(v, indexed("sessions", i, ""), "start", "end", s.Start, s.End)
	}
}

// checkNumber reports a non-finite value, or one for which ok is false.
func checkNumber(v *validator, field string, x float64, ok bool, rule string) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.add(field, CodeRange, "doit être un nombre fini, reçu %s", formatNumber(x))
	case !ok:
		v.add(field, CodeRange, "doit être %s, reçu %s", rule, formatNumber(x))
	}
}

// checkCap reports a finite x above max; shown is max as written for the
// user. Without the caps, two huge finite amounts sum to +Inf in a plan.
func checkCap(v *validator, field string, x, max float64, shown string) {
	if !math.IsInf(x, 0) && x > max {
		v.add(field, CodeRange, "doit être ≤ %s, reçu %s", shown, formatNumber(x))
	}
}

// checkDates reports an end before its start. prefix is the path of the
// object holding both dates ("" at top level, "mission", "sessions[0]").
func checkDates(v *validator, prefix, startName, endName string, start, end Date) {
	if start.IsZero() || end.IsZero() || !end.Before(start.Time) {
		return
	}
	field := endName
	if prefix != "" {
		field = prefix + "." + endName
	}
	v.add(field, CodeRange, "doit être postérieure ou égale à %s (%s), reçu %s", startName, start, end)
}

func checkBlocs(v *validator, it *Item) {
	if n := len(it.Blocs); n > MaxBlocs {
		v.add("blocs", CodeTooLong, "trop d'entrées : %d (maximum %d)", n, MaxBlocs)
		return
	}
	for i, b := range it.Blocs {
		if b.Title == "" {
			v.add(indexed("blocs", i, "title"), CodeRequired, "obligatoire")
		}
	}
}

func checkMentor(v *validator, it *Item) {
	m := it.Mentor
	if m == nil {
		if it.Kind == KindMentoring {
			v.add("mentor", CodeRequired, "obligatoire pour un élément de type mentoring")
		}
		return
	}
	if m.Name == "" {
		v.add("mentor.name", CodeRequired, "obligatoire")
	}
	if m.Capacity < 0 {
		v.add("mentor.capacity", CodeRange, "doit être ≥ 0, reçu %d", m.Capacity)
	}
	if m.CurrentMentees < 0 {
		v.add("mentor.current_mentees", CodeRange, "doit être ≥ 0, reçu %d", m.CurrentMentees)
	}
}

func checkMission(v *validator, it *Item) {
	m := it.Mission
	if m == nil {
		if it.Kind == KindMission {
			v.add("mission", CodeRequired, "obligatoire pour un élément de type mission")
		}
		return
	}
	if m.TimeSharePct < 0 || m.TimeSharePct > 100 {
		v.add("mission.time_share_pct", CodeRange, "doit être entre 0 et 100, reçu %d", m.TimeSharePct)
	}
	checkDates(v, "mission", "start_date", "end_date", m.StartDate, m.EndDate)
}

// formatNumber writes x as short as possible: -3, 12.5, 2000000, 1e+30
// (exponent only from 1e15 on).
func formatNumber(x float64) string {
	if math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// quote shows a user value in French quotes, shortened to 60 characters.
func quote(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return "« " + strings.ToValidUTF8(s, "\uFFFD") + " »"
}
