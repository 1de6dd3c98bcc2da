package recommender

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// UnknownSkillSessions is the number of plan-building sessions that must
// ask for a skill the taxonomy does not know before its label is written
// to the demand counts: a label typed by one person is never stored.
const UnknownSkillSessions = 3

// unknownCapacity bounds the labels held in memory below the threshold.
const unknownCapacity = 5_000

// unknownSkills counts, in memory only, the sessions asking for each
// unknown label until UnknownSkillSessions is reached.
type unknownSkills struct {
	mu      sync.Mutex
	pending *lru.Cache[string, *pendingSkill] // by folded label
}

type pendingSkill struct {
	label     string // as first written
	sessions  int
	published bool
}

func newUnknownSkills() *unknownSkills {
	c, _ := lru.New[string, *pendingSkill](unknownCapacity) // only fails for a size ≤ 0
	return &unknownSkills{pending: c}
}

// add counts one more session for key and returns the label and the count
// to write now: all the sessions so far when the threshold is reached, one
// after that, none below it.
func (u *unknownSkills) add(key, label string) (string, int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.pending.Get(key)
	if !ok {
		p = &pendingSkill{label: label}
		u.pending.Add(key, p)
	}
	p.sessions++
	switch {
	case p.published:
		return p.label, 1
	case p.sessions >= UnknownSkillSessions:
		p.published = true
		return p.label, p.sessions
	}
	return "", 0
}

// unknownLabel returns how an unknown skill is shown and counted: trimmed,
// one line, first letter capitalised, and its folded key. ok is false for
// what does not look like a skill name (too short or long, many words, an
// e-mail address, a long number) and is never counted.
func unknownLabel(s string) (label, key string, ok bool) {
	label = strings.Join(strings.Fields(catalog.NormText(s)), " ")
	n := utf8.RuneCountInString(label)
	if n < 2 || n > 60 || len(strings.Fields(label)) > 6 || strings.ContainsAny(label, "@/\\<>") {
		return "", "", false
	}
	digits := 0
	for _, r := range label {
		if unicode.IsDigit(r) {
			if digits++; digits >= 6 {
				return "", "", false
			}
		} else {
			digits = 0
		}
	}
	r, size := utf8.DecodeRuneInString(label)
	label = string(unicode.ToUpper(r)) + label[size:]
	return label, french.Fold(label), true
}
