package pgvector

import (
	"fmt"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

// where builds the SQL equivalent of catalog.Filter.Match over the items
// table, with positional arguments numbered after those already in args.
type where struct {
	conds []string
	args  []any
}

// arg adds a query argument and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) add(format string, args ...any) {
	w.conds = append(w.conds, fmt.Sprintf(format, args...))
}

// sql returns the conditions joined by AND, or "true".
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "true"
	}
	return strings.Join(w.conds, " AND ")
}

// filter appends f's conditions to w. Each mirrors one test of
// catalog.Filter.Match; a missing attribute (NULL or ”) never excludes.
func (w *where) filter(f catalog.Filter) {
	if !f.IncludeInactive {
		w.add("active")
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		w.add("kind = ANY(%s)", w.arg(kinds))
	}
	if f.MaxPriceEUR != nil {
		w.add("(price_eur IS NULL OR price_eur <= %s)", w.arg(*f.MaxPriceEUR))
	}
	if f.MaxHours != nil {
		w.add("(duration_hours IS NULL OR duration_hours <= %s)", w.arg(*f.MaxHours))
	}
	if f.Modality != "" {
		w.add("(modality = '' OR modality = %s)", w.arg(string(f.Modality)))
	}
	if f.Language != "" {
		w.add("(language = '' OR language = %s)", w.arg(f.Language))
	}
	if f.CPFOnly {
		var cpf []string
		for _, k := range catalog.CPFKinds() {
			cpf = append(cpf, string(k))
		}
		w.add("(NOT kind = ANY(%s) OR cpf_eligible)", w.arg(cpf))
	}
	if f.Location != "" {
		w.add("(location_key = '' OR modality = 'distanciel' OR location_key = %s)", w.arg(catalog.FoldCase(f.Location)))
	}
	if !f.IncludeInactive {
		w.add("(kind <> 'mentoring' OR coalesce(mentor_current_mentees < mentor_capacity, false))")
	}
	if !f.To.IsZero() {
		w.add("(kind <> 'mission' OR mission_start IS NULL OR mission_start <= %s)", w.arg(f.To))
	}
	if !f.From.IsZero() {
		w.add("(kind <> 'mission' OR mission_end IS NULL OR mission_end >= %s)", w.arg(f.From))
	}
}
