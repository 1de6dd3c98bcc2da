// Package catalog is Tremplin's domain: the items an employee can be offered
// (formations, certifications, mentors, missions), skills and their taxonomy,
// the métier référentiels, and the decoding and validation of catalog files.
// It imports nothing else from Tremplin.
package catalog

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Sentinel errors shared by every layer; wrap them with context.
var (
	// ErrNotFound reports that an item, skill or métier does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid reports input that breaks a validation rule.
	ErrInvalid = errors.New("invalid")
	// ErrConflict reports a write that clashes with what is stored (e.g. a duplicate id).
	ErrConflict = errors.New("conflict")
)

// Kind is the kind of a catalog item.
type Kind string

// The four kinds of item Tremplin recommends.
const (
	KindFormation     Kind = "formation"
	KindCertification Kind = "certification"
	KindMentoring     Kind = "mentoring"
	KindMission       Kind = "mission"
)

// Kinds lists every valid kind in display order (from KindInfos).
var Kinds = func() []Kind {
	out := make([]Kind, len(KindInfos))
	for i, info := range KindInfos {
		out[i] = info.Kind
	}
	return out
}()

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	_, ok := k.Info()
	return ok
}

// Modality is how a formation is delivered.
type Modality string

// The delivery modalities accepted in catalog files.
const (
	ModalityPresentiel Modality = "presentiel"
	ModalityDistanciel Modality = "distanciel"
	ModalityHybride    Modality = "hybride"
)

// Valid reports whether m is empty or one of the known modalities.
func (m Modality) Valid() bool {
	switch m {
	case "", ModalityPresentiel, ModalityDistanciel, ModalityHybride:
		return true
	}
	return false
}

// Item is one thing an employee can be offered. Fields that only make sense
// for some kinds are zero for the others. JSON names are the catalog
// interchange format documented in the README.
type Item struct {
	ID          string   `json:"id"`
	Kind        Kind     `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Skills      []string `json:"skills,omitempty"`
	Level       string   `json:"level,omitempty"`
	Language    string   `json:"language,omitempty"`
	Location    string   `json:"location,omitempty"`
	Provider    string   `json:"provider,omitempty"`
	URL         string   `json:"url,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Domain      string   `json:"domain,omitempty"`

	// Formation attributes.
	DurationHours *float64  `json:"duration_hours,omitempty"`
	Modality      Modality  `json:"modality,omitempty"`
	PriceEUR      *float64  `json:"price_eur,omitempty"`
	CPFEligible   bool      `json:"cpf_eligible,omitempty"`
	Sessions      []Session `json:"sessions,omitempty"`

	// Certification attributes.
	CertificationCode string `json:"certification_code,omitempty"`
	VAEEligible       bool   `json:"vae_eligible,omitempty"`
	Blocs             []Bloc `json:"blocs,omitempty"`

	Mentor  *Mentor  `json:"mentor,omitempty"`
	Mission *Mission `json:"mission,omitempty"`

	// Active is false for items withdrawn from suggestions; absent means true.
	Active bool `json:"active"`

	// Metiers are the ROME codes this item prepares for, computed at index time.
	Metiers []string `json:"metiers,omitempty"`
}

// Session is one scheduled run of a formation.
type Session struct {
	Start    Date   `json:"start"`
	End      Date   `json:"end,omitempty"`
	Location string `json:"location,omitempty"`
}

// Bloc is a bloc de compétences of a certification, certifiable on its own.
type Bloc struct {
	Code   string   `json:"code,omitempty"`
	Title  string   `json:"title"`
	Skills []string `json:"skills,omitempty"`
}

// Mentor describes an employee who offers mentoring.
type Mentor struct {
	Name           string   `json:"name"`
	JobTitle       string   `json:"job_title,omitempty"`
	Department     string   `json:"department,omitempty"`
	Capacity       int      `json:"capacity"`
	CurrentMentees int      `json:"current_mentees"`
	Languages      []string `json:"languages,omitempty"`
}

// Available reports whether the mentor can take one more mentee.
func (m *Mentor) Available() bool { return m != nil && m.CurrentMentees < m.Capacity }

// Mission is an internal assignment open to employees for a period.
type Mission struct {
	Department   string `json:"department,omitempty"`
	StartDate    Date   `json:"start_date"`
	EndDate      Date   `json:"end_date"`
	TimeSharePct int    `json:"time_share_pct,omitempty"`
}

// OpenDuring reports whether the mission's open dates overlap [from, to].
// A zero bound is unbounded.
func (m *Mission) OpenDuring(from, to time.Time) bool {
	if m == nil {
		return false
	}
	if !to.IsZero() && !m.StartDate.IsZero() && m.StartDate.After(to) {
		return false
	}
	if !from.IsZero() && !m.EndDate.IsZero() && m.EndDate.Before(from) {
		return false
	}
	return true
}

// Date is a calendar day written YYYY-MM-DD in files and JSON.
type Date struct{ time.Time }

// DateLayout is the textual form of a Date.
const DateLayout = "2006-01-02"

// ParseDate parses YYYY-MM-DD; the empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date attendue au format AAAA-MM-JJ, reçu %q", s)
	}
	return Date{t}, nil
}

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalJSON writes the date as "YYYY-MM-DD" (or "" when zero).
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("date attendue entre guillemets au format AAAA-MM-JJ")
	}
	v, err := ParseDate(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Price returns the price and whether one is set.
// A price that is not a finite number ≥ 0 (which validation rejects) counts
// as unknown.
func (it *Item) Price() (float64, bool) {
	return known(it.PriceEUR)
}

// Duration returns the duration in hours and whether one is set.
// A duration that is not a finite number ≥ 0 counts as unknown.
func (it *Item) Duration() (float64, bool) {
	return known(it.DurationHours)
}

// known returns *p when it is a finite number ≥ 0.
func known(p *float64) (float64, bool) {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0 {
		return 0, false
	}
	return *p, true
}
