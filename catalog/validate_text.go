package catalog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Length caps, in characters (runes) for texts and entries for lists. They
// are generous: their purpose is to stop garbage, not to style the catalog.
const (
	MaxIDLen          = 200    // id
	MaxTitleLen       = 500    // title, blocs[].title
	MaxDescriptionLen = 50_000 // description
	MaxTextLen        = 500    // every other text field
	MaxURLLen         = 2048   // url
	MaxSkillLen       = 1000   // one entry of skills or blocs[].skills
	MaxSkills         = 500    // entries of skills and blocs[].skills
	MaxTags           = 200    // entries of tags and metiers
	MaxListEntryLen   = 200    // one entry of tags, metiers, mentor.languages
	MaxLanguages      = 50     // entries of mentor.languages
	MaxSessions       = 1000   // entries of sessions
	MaxBlocs          = 200    // entries of blocs
)

// Caps on amounts. They are far above any real offer and keep the sum of a
// plan's prices or hours finite and readable.
const (
	MaxPriceEUR      = 1_000_000 // price_eur, in euros
	MaxDurationHours = 100_000   // duration_hours, in hours
)

// textField is one text attribute of an item, reachable for reading (Validate)
// and writing (Normalize).
type textField struct {
	name      string
	p         *string
	max       int
	multiline bool
}

// listField is one list-of-texts attribute of an item.
type listField struct {
	name       string
	p          *[]string
	maxEntries int
	maxLen     int
}

// textFields lists every text attribute of it, nested ones included.
func textFields(it *Item) []textField {
	fs := []textField{
		{"id", &it.ID, MaxIDLen, false},
		{"title", &it.Title, MaxTitleLen, false},
		{"description", &it.Description, MaxDescriptionLen, true},
		{"level", &it.Level, MaxTextLen, false},
		{"language", &it.Language, MaxTextLen, false},
		{"location", &it.Location, MaxTextLen, false},
		{"provider", &it.Provider, MaxTextLen, false},
		{"url", &it.URL, MaxURLLen, false},
		{"domain", &it.Domain, MaxTextLen, false},
		{"certification_code", &it.CertificationCode, MaxTextLen, false},
	}
	for i := range it.Sessions {
		fs = append(fs, textField{indexed("sessions", i, "location"), &it.Sessions[i].Location, MaxTextLen, false})
	}
	for i := range it.Blocs {
		b := &it.Blocs[i]
		fs = append(fs,
			textField{indexed("blocs", i, "code"), &b.Code, MaxTextLen, false},
			textField{indexed("blocs", i, "title"), &b.Title, MaxTitleLen, false})
	}
	if m := it.Mentor; m != nil {
		fs = append(fs,
			textField{"mentor.name", &m.Name, MaxTextLen, false},
			textField{"mentor.job_title", &m.JobTitle, MaxTextLen, false},
			textField{"mentor.department", &m.Department, MaxTextLen, false})
	}
	if m := it.Mission; m != nil {
		fs = append(fs, textField{"mission.department", &m.Department, MaxTextLen, false})
	}
	return fs
}

// listFields lists every list-of-texts attribute of it, nested ones included.
func listFields(it *Item) []listField {
	fs := []listField{
		{"skills", &it.Skills, MaxSkills, MaxSkillLen},
		{"tags", &it.Tags, MaxTags, MaxListEntryLen},
		{"metiers", &it.Metiers, MaxTags, MaxListEntryLen},
	}
	for i := range it.Blocs {
		fs = append(fs, listField{indexed("blocs", i, "skills"), &it.Blocs[i].Skills, MaxSkills, MaxSkillLen})
	}
	if m := it.Mentor; m != nil {
		fs = append(fs, listField{"mentor.languages", &m.Languages, MaxLanguages, MaxListEntryLen})
	}
	return fs
}

func indexed(list string, i int, field string) string {
	s := list + "[" + strconv.Itoa(i) + "]"
	if field != "" {
		s += "." + field
	}
	return s
}

// Normalize puts every text of it in canonical form: Unicode NFC, spaces
// trimmed; in the description line ends written "\n"; in other texts line
// breaks and tabs turned into spaces and runs of spaces collapsed; list
// entries likewise, with empty entries dropped; kind and modality
// lower-cased, the modality read by ParseModality ("Présentiel",
// "sur site" read as "presentiel", "e-learning" as "distanciel"). Decode applies it to
// every item; call it before Validate on items from elsewhere.
func Normalize(it *Item) {
	for _, f := range textFields(it) {
		if f.multiline {
			*f.p = NormText(lineEnds.Replace(*f.p))
		} else {
			*f.p = NormText(oneLine(*f.p))
		}
	}
	for _, f := range listFields(it) {
		*f.p = normList(*f.p)
	}
	it.Kind = Kind(strings.ToLower(NormText(string(it.Kind))))
	if m, ok := ParseModality(string(it.Modality)); ok {
		it.Modality = m
	} else {
		it.Modality = Modality(NormText(oneLine(string(it.Modality))))
	}
}

var (
	lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")
)

// NormText trims s and puts it in Unicode NFC, as every imported text is.
func NormText(s string) string {
	return norm.NFC.String(strings.TrimSpace(s))
}

func normList(l []string) []string {
	if l == nil {
		return nil
	}
	out := l[:0]
	for _, s := range l {
		if s = NormText(oneLine(s)); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// oneLine turns line breaks and tabs into spaces and collapses runs of
// ASCII spaces, for texts shown on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\t\n\v\f\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// checkEncoding reports every text of it that is not valid UTF-8.
func checkEncoding(v *validator, it *Item) {
	for _, f := range textFields(it) {
		if !utf8.ValidString(*f.p) {
			v.add(f.name, CodeEncoding, "texte non encodé en UTF-8")
		}
	}
	for _, f := range listFields(it) {
		for i, s := range *f.p {
			if !utf8.ValidString(s) {
				v.add(indexed(f.name, i, ""), CodeEncoding, "texte non encodé en UTF-8")
			}
		}
	}
	if !utf8.ValidString(string(it.Kind)) {
		v.add("kind", CodeEncoding, "texte non encodé en UTF-8")
	}
	if !utf8.ValidString(string(it.Modality)) {
		v.add("modality", CodeEncoding, "texte non encodé en UTF-8")
	}
}

// checkTexts applies the length caps and forbids control characters in
// single-line texts.
func checkTexts(v *validator, it *Item) {
	for _, f := range textFields(it) {
		checkText(v, f.name, *f.p, f.max, f.multiline)
	}
	for _, f := range listFields(it) {
		if n := len(*f.p); n > f.maxEntries {
			v.add(f.name, CodeTooLong, "trop d'entrées : %d (maximum %d)", n, f.maxEntries)
			continue
		}
		for i, s := range *f.p {
			checkText(v, indexed(f.name, i, ""), s, f.maxLen, false)
		}
	}
}

func checkText(v *validator, field, s string, max int, multiline bool) {
	if n := utf8.RuneCountInString(s); n > max {
		v.add(field, CodeTooLong, "trop long : %d caractères (maximum %d)", n, max)
		return
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			v.add(field, CodeFormat, "contient un caractère de contrôle (U+%04X)", r)
			return
		}
	}
}
