package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// Limits on the size of a record.
const (
	MaxIDLen      = 200
	MaxTextLen    = 20000 // bilan, projet, questions
	MaxCommentLen = 5000  // a comment, an abandon reason
	MaxTitleLen   = 500
	MaxActions    = 200
	MaxComments   = 500
)

// ValidationError lists every problem of a record, each naming its field
// ("actions[2].status"). It wraps catalog.ErrInvalid. Reasons never quote
// personal text (bilan, projet, comments, abandon reasons).
type ValidationError struct {
	Problems []catalog.Problem
}

// Error joins the problems as "field: reason; field: reason".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return "entretien invalide : " + strings.Join(parts, " ; ")
}

// Unwrap makes a ValidationError match catalog.ErrInvalid.
func (e *ValidationError) Unwrap() error { return catalog.ErrInvalid }

// Validate checks every field rule of e and returns a *ValidationError
// listing all problems, or nil. Stored fields (ID, Version, timestamps,
// signatures) are the stores' business and are not checked here.
func Validate(e *Entretien) error {
	v := &validator{}
	v.id("employee_id", e.EmployeeID)
	v.id("manager_id", e.ManagerID)
	if e.EmployeeID != "" && e.EmployeeID == e.ManagerID {
		v.add("manager_id", catalog.CodeRange, "le manager doit être une autre personne que le salarié")
	}
	if e.Date.IsZero() {
		v.add("date", catalog.CodeRequired, "obligatoire (AAAA-MM-JJ)")
	}
	switch {
	case e.Type == "":
		v.add("type", catalog.CodeRequired, "obligatoire (%s)", choices(Types))
	case !e.Type.Valid():
		v.add("type", catalog.CodeEnum, "type d'entretien inconnu %s (attendu : %s)", quoteCode(string(e.Type)), choices(Types))
	}
	v.private("bilan", e.Bilan, MaxTextLen)
	v.private("projet", e.Projet, MaxTextLen)
	v.private("questions", e.Questions, MaxTextLen)
	if m := e.TargetMetier; m != nil {
		v.id("target_metier.code", m.Code)
		if strings.TrimSpace(m.Label) == "" {
			v.add("target_metier.label", catalog.CodeRequired, "obligatoire")
		}
		v.private("target_metier.label", m.Label, MaxTitleLen)
	}
	if len(e.Actions) > MaxActions {
		v.add("actions", catalog.CodeTooLong, "au plus %d actions, reçu %d", MaxActions, len(e.Actions))
	}
	seen := map[string]int{}
	for i := range e.Actions {
		a := &e.Actions[i]
		prefix := "actions[" + strconv.Itoa(i) + "]"
		if j, dup := seen[a.ID]; dup && a.ID != "" {
			v.add(prefix+".id", catalog.CodeDuplicate, "identifiant déjà pris par actions[%d]", j)
		}
		seen[a.ID] = i
		v.action(prefix, a)
	}
	if len(e.Comments) > MaxComments {
		v.add("comments", catalog.CodeTooLong, "au plus %d commentaires, reçu %d", MaxComments, len(e.Comments))
	}
	for i := range e.Comments {
		c := &e.Comments[i]
		prefix := "comments[" + strconv.Itoa(i) + "]"
		v.comment(prefix, c)
		if c.Author == RoleEmployee && c.AuthorID != "" && c.AuthorID != e.EmployeeID {
			v.add(prefix+".author_id", catalog.CodeRange, "un commentaire du salarié doit venir de employee_id")
		}
	}
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct{ problems []catalog.Problem }

func (v *validator) add(field string, code catalog.ProblemCode, format string, args ...any) {
	v.problems = append(v.problems, catalog.Problem{Field: field, Code: code, Reason: fmt.Sprintf(format, args...)})
}

// id checks an identifier: ids are not personal text and may be quoted.
func (v *validator) id(field, s string) {
	switch {
	case s == "":
		v.add(field, catalog.CodeRequired, "obligatoire")
	case !utf8.ValidString(s):
		v.add(field, catalog.CodeEncoding, "texte qui n'est pas de l'UTF-8 valide")
	case utf8.RuneCountInString(s) > MaxIDLen:
		v.add(field, catalog.CodeTooLong, "au plus %d caractères, reçu %d", MaxIDLen, utf8.RuneCountInString(s))
	case strings.IndexFunc(s, unicode.IsControl) >= 0 || strings.TrimSpace(s) != s:
		v.add(field, catalog.CodeFormat, "identifiant %s : ni caractère de contrôle ni espace en bord", quoteCode(s))
	}
}

// private checks a personal text without ever quoting it.
func (v *validator) private(field, s string, maxLen int) {
	switch {
	case !utf8.ValidString(s):
		v.add(field, catalog.CodeEncoding, "texte qui n'est pas de l'UTF-8 valide")
	case utf8.RuneCountInString(s) > maxLen:
		v.add(field, catalog.CodeTooLong, "au plus %d caractères, reçu %d", maxLen, utf8.RuneCountInString(s))
	case strings.ContainsRune(s, 0):
		v.add(field, catalog.CodeFormat, "caractère nul interdit")
	}
}

// title checks a one-line title (a catalog title or a free action's).
func (v *validator) title(field, s string, required bool) {
	if s == "" {
		if required {
			v.add(field, catalog.CodeRequired, "obligatoire")
		}
		return
	}
	v.private(field, s, MaxTitleLen)
	if strings.ContainsAny(s, "\r\n") {
		v.add(field, catalog.CodeFormat, "une seule ligne")
	}
}

func (v *validator) action(prefix string, a *Action) {
	if a.ID != "" {
		v.id(prefix+".id", a.ID)
	}
	if a.Item == nil {
		v.title(prefix+".title", a.Title, true)
	} else {
		v.title(prefix+".title", a.Title, false)
		v.snapshot(prefix+".item", a.Item)
	}
	switch {
	case a.Status == "":
		v.add(prefix+".status", catalog.CodeRequired, "obligatoire (%s)", choices(Statuses))
	case !a.Status.Valid():
		v.add(prefix+".status", catalog.CodeEnum, "statut inconnu %s (attendu : %s)", quoteCode(string(a.Status)), choices(Statuses))
	}
	switch {
	case a.Status == StatusAbandonnee && strings.TrimSpace(a.AbandonReason) == "":
		v.add(prefix+".abandon_reason", catalog.CodeRequired, "obligatoire pour une action abandonnée")
	case a.Status != StatusAbandonnee && a.AbandonReason != "":
		v.add(prefix+".abandon_reason", catalog.CodeRange, "seulement pour une action abandonnée")
	default:
		v.private(prefix+".abandon_reason", a.AbandonReason, MaxCommentLen)
	}
	if !a.Funding.Valid() {
		v.add(prefix+".funding", catalog.CodeEnum, "financement inconnu %s (attendu : %s)", quoteCode(string(a.Funding)), choices(Fundings))
	}
}

func (v *validator) snapshot(prefix string, s *Snapshot) {
	v.id(prefix+".item_id", s.ItemID)
	v.title(prefix+".title", s.Title, true)
	if !s.Kind.Valid() {
		v.add(prefix+".kind", catalog.CodeEnum, "type inconnu %s (attendu : formation, certification, mentoring ou mission)", quoteCode(string(s.Kind)))
	}
	if p := s.PriceEUR; p != nil && (math.IsNaN(*p) || *p < 0 || *p > 1e6) {
		v.add(prefix+".price_eur", catalog.CodeRange, "doit être entre 0 et 1 000 000, reçu %v", *p)
	}
	if h := s.DurationHours; h != nil && (math.IsNaN(*h) || *h <= 0 || *h > 1e5) {
		v.add(prefix+".duration_hours", catalog.CodeRange, "doit être > 0 et ≤ 100 000, reçu %v", *h)
	}
	v.title(prefix+".provider", s.Provider, false)
	if s.CertificationCode != "" {
		v.id(prefix+".certification_code", s.CertificationCode)
	}
}

func (v *validator) comment(prefix string, c *Comment) {
	switch {
	case c.Author == "":
		v.add(prefix+".author", catalog.CodeRequired, "obligatoire (employee ou manager)")
	case !c.Author.Valid():
		v.add(prefix+".author", catalog.CodeEnum, "auteur inconnu %s (attendu : employee ou manager)", quoteCode(string(c.Author)))
	}
	v.id(prefix+".author_id", c.AuthorID)
	if strings.TrimSpace(c.Text) == "" {
		v.add(prefix+".text", catalog.CodeRequired, "commentaire vide")
	}
	v.private(prefix+".text", c.Text, MaxCommentLen)
}

func choices[K ~string](ks []K) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = string(k)
	}
	return strings.Join(parts, ", ")
}

// quoteCode quotes a code or id given by the caller when it looks like one
// (at most 60 letters, digits, '-', '_', '.', ':'); anything else might be
// personal text sent in the wrong field, and is not shown.
func quoteCode(s string) string {
	if s == "" || utf8.RuneCountInString(s) > 60 || strings.IndexFunc(s, notCodeRune) >= 0 {
		return "(valeur non affichée)"
	}
	return strconv.Quote(s)
}

func notCodeRune(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.:", r))
}
