package catalog

import (
	"strings"
	"time"
	"unicode"
)

// Filter holds the hard constraints of a search. The zero Filter matches
// every active item.
type Filter struct {
	Kinds       []Kind
	MaxPriceEUR *float64
	MaxHours    *float64
	Modality    Modality
	Language    string
	Location    string
	CPFOnly     bool
	// From and To bound the period in which missions must be open.
	From, To time.Time
	// IncludeInactive also matches withdrawn items and mentors at capacity
	// (for L&D browsing: nothing the catalog holds is hidden).
	IncludeInactive bool
}

// Match reports whether the item meets every constraint of f. Items that do
// not carry an attribute (a mentor has no price) are not excluded by it;
// CPFOnly keeps only CPF-eligible formations and certifications. Mentors at
// capacity and missions closed during [From, To] never match.
func (f Filter) Match(it *Item) bool {
	if !f.IncludeInactive && !it.Active {
		return false
	}
	if len(f.Kinds) > 0 && !containsKind(f.Kinds, it.Kind) {
		return false
	}
	if f.MaxPriceEUR != nil {
		if p, ok := it.Price(); ok && p > *f.MaxPriceEUR {
			return false
		}
	}
	if f.MaxHours != nil {
		if h, ok := it.Duration(); ok && h > *f.MaxHours {
			return false
		}
	}
	if f.Modality != "" && it.Modality != "" && it.Modality != f.Modality {
		return false
	}
	if f.Language != "" && it.Language != "" && it.Language != f.Language {
		return false
	}
	if f.CPFOnly && it.Kind.TakesCPF() && !it.CPFEligible {
		return false
	}
	if f.Location != "" && it.Location != "" && it.Modality != ModalityDistanciel &&
		!strings.EqualFold(f.Location, it.Location) {
		return false
	}
	if it.Kind == KindMentoring && !f.IncludeInactive && !it.Mentor.Available() {
		return false
	}
	if it.Kind == KindMission && it.Mission != nil && !it.Mission.OpenDuring(f.From, f.To) {
		return false
	}
	return true
}

// FilterView returns a copy of it with only what Match reads, and its id
// and métiers: the texts (title, description, skills, blocs, tags,
// provider...) are left out, for indexes that hold every item to filter
// their own hits. Match gives the same answer on it as on the whole item
// (TestFilterViewMatchesLikeItem).
func (it *Item) FilterView() Item {
	v := *it
	v.Title, v.Description, v.Skills, v.Tags, v.Blocs, v.Sessions = "", "", nil, nil, nil, nil
	v.Provider, v.URL, v.Domain, v.Level, v.CertificationCode = "", "", "", "", ""
	if it.Mentor != nil {
		v.Mentor = &Mentor{Capacity: it.Mentor.Capacity, CurrentMentees: it.Mentor.CurrentMentees}
	}
	return v
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// Scored is an item id with a retrieval score; higher is better.
type Scored struct {
	ID    string
	Score float64
}

// FoldCase maps every rune of s to the smallest rune of its simple case
// folding orbit, so that FoldCase(a) == FoldCase(b) exactly when
// strings.EqualFold(a, b): stores index locations under it to filter them
// as Match does.
func FoldCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		lo := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < lo {
				lo = f
			}
		}
		b.WriteRune(lo)
	}
	return b.String()
}
