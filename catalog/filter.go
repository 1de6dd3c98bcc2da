package catalog

import (
	"strings"
	"time"
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
	if f.CPFOnly && (it.Kind == KindFormation || it.Kind == KindCertification) && !it.CPFEligible {
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
