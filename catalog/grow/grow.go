// Package grow grows a catalog to a chosen size, deterministically, for
// measuring Tremplin at scale: the items given first, unchanged, then
// formations (with sessions on several sites), certifications with blocs,
// mentors and missions derived from the texts of ROME 4.0 fiches
// (appellations, compétences, définitions). Every derived item passes
// catalog.Validate. The output is for benchmarks and measurements only.
package grow

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/tremplin/tremplin/catalog"
)

// Seed is the fixed seed of every grown catalog: the same inputs and size
// always give the same items.
const Seed uint64 = 13

// MaxItems caps the size of a grown catalog.
const MaxItems = 1_000_000

// Catalog returns base followed by items derived from the ROME fiches of
// ref until there are n items in all (base alone, cut to n, when n ≤
// len(base)). Derived items cycle through the kinds: half formations, a
// fifth certifications, the rest mentors and missions. It fails when ref
// holds no fiche with an appellation and two skills, or n is out of range.
func Catalog(base []catalog.Item, ref *catalog.Referentiel, n int) ([]catalog.Item, error) {
	if n < 0 || n > MaxItems {
		return nil, fmt.Errorf("%w : taille %d hors de [0, %d]", catalog.ErrInvalid, n, MaxItems)
	}
	if n <= len(base) {
		return slices.Clone(base[:n]), nil
	}
	fs := fiches(ref)
	if len(fs) == 0 {
		return nil, fmt.Errorf("%w : aucune fiche ROME avec une appellation et deux compétences dont dériver des éléments", catalog.ErrInvalid)
	}
	out := make([]catalog.Item, 0, n)
	out = append(out, base...)
	g := &grower{rng: rand.New(rand.NewPCG(Seed, Seed^0x9e3779b97f4a7c15)), fiches: fs}
	for i := 0; len(out) < n; i++ {
		it := g.item(i)
		catalog.Normalize(&it)
		out = append(out, it)
	}
	return out, nil
}

// fiche is what a derived item takes from one ROME fiche.
type fiche struct {
	code, domain, definition string
	appellations             []string // usual ones (not peu usité) when there are some
	skills                   []string // core skills first, then the others
	core                     int      // how many of skills are core
}

// fiches returns the usable ROME fiches of ref in code order.
func fiches(ref *catalog.Referentiel) []fiche {
	if ref == nil {
		return nil
	}
	var out []fiche
	for _, m := range ref.Metiers {
		if !m.Structured() {
			continue
		}
		f := fiche{code: m.Code, domain: cmp.Or(m.Domain, m.GrandDomain), definition: m.Definition}
		for _, a := range m.Appellations {
			if !a.Rare && a.Label != "" {
				f.appellations = append(f.appellations, a.Label)
			}
		}
		if len(f.appellations) == 0 {
			f.appellations = append(f.appellations, m.Label)
		}
		f.skills = dedupe(append(slices.Clone(m.CoreSkills), m.OtherSkills...))
		f.core = min(len(dedupe(slices.Clone(m.CoreSkills))), len(f.skills))
		if f.definition == "" {
			f.definition = m.Label + "."
		}
		if len(f.skills) >= 2 && m.Label != "" {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b fiche) int { return cmp.Compare(a.code, b.code) })
	return out
}

// dedupe drops empty and repeated entries of l, keeping the first of each.
func dedupe(l []string) []string {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, s := range l {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// grower derives items from fiches with one random stream.
type grower struct {
	rng    *rand.Rand
	fiches []fiche
}

// item derives the i-th item (counted from 0 among derived ones): its kind
// follows i, its fiche and details the random stream.
func (g *grower) item(i int) catalog.Item {
	f := &g.fiches[g.rng.IntN(len(g.fiches))]
	switch r := i % 20; {
	case r < 10:
		return g.formation(i, f)
	case r < 14:
		return g.certification(i, f)
	case r < 17:
		return g.mentoring(i, f)
	default:
		return g.mission(i, f)
	}
}

// pick returns a random entry of l.
func pick[T any](rng *rand.Rand, l []T) T { return l[rng.IntN(len(l))] }

// skills returns between lo and hi distinct skills of f, core skills
// preferred: the first comes from the core ones when f has some.
func (g *grower) skills(f *fiche, lo, hi int) []string {
	n := min(lo+g.rng.IntN(hi-lo+1), len(f.skills))
	perm := g.rng.Perm(len(f.skills))
	if f.core > 0 {
		first := g.rng.IntN(f.core)
		j := slices.Index(perm, first)
		perm[0], perm[j] = perm[j], perm[0]
	}
	out := make([]string, n)
	for k := range out {
		out[k] = f.skills[perm[k]]
	}
	return out
}

// id is the identifier of the i-th derived item of a kind prefix.
func id(prefix string, i int) string { return fmt.Sprintf("GROW-%s-%06d", prefix, i) }

// summary is the start of a definition, at most about 600 characters cut
// at a word boundary, for descriptions that repeat it.
func summary(s string) string {
	const max = 600
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max
	for cut > max/2 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + "…"
}
