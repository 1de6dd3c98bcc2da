package catalog

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidate(t *testing.T) {
	base := func() Item { return Item{ID: "x", Kind: KindFormation, Title: "T", Active: true} }
	with := func(f func(it *Item)) Item {
		it := base()
		f(&it)
		return it
	}
	type fc struct {
		Field string
		Code  ProblemCode
	}
	tests := []struct {
		name string
		item Item
		want []fc
	}{
		{"minimal formation", base(), nil},
		{"every valid kind", with(func(it *Item) {
			it.Kind = KindMentoring
			it.Mentor = &Mentor{Name: "Léa", Capacity: 0}
		}), nil},
		{"empty item", Item{}, []fc{{"id", CodeRequired}, {"kind", CodeRequired}, {"title", CodeRequired}}},
		{"unknown kind", with(func(it *Item) { it.Kind = "stage" }), []fc{{"kind", CodeEnum}}},
		{"control char in id", with(func(it *Item) { it.ID = "a\x00b" }), []fc{{"id", CodeFormat}}},
		{"newline in title", with(func(it *Item) { it.Title = "a\nb" }), []fc{{"title", CodeFormat}}},
		{"newline in description is fine", with(func(it *Item) { it.Description = "a\nb\tc" }), nil},
		{"id with a slash", with(func(it *Item) { it.ID = "a/b/../x" }), []fc{{"id", CodeFormat}}},
		{"id climbing a page", with(func(it *Item) { it.ID = "../deconnexion" }), []fc{{"id", CodeFormat}}},
		{"id with a backslash", with(func(it *Item) { it.ID = `a\b` }), []fc{{"id", CodeFormat}}},
		{"id with a question mark", with(func(it *Item) { it.ID = "a?b=1" }), []fc{{"id", CodeFormat}}},
		{"id with a hash", with(func(it *Item) { it.ID = "a#b" }), []fc{{"id", CodeFormat}}},
		{"id dot", with(func(it *Item) { it.ID = "." }), []fc{{"id", CodeFormat}}},
		{"id dot dot", with(func(it *Item) { it.ID = ".." }), []fc{{"id", CodeFormat}}},
		{"id with dots, spaces and percent is fine", with(func(it *Item) { it.ID = "form.v2 ..x 100%" }), nil},
		{"id too long", with(func(it *Item) { it.ID = strings.Repeat("é", MaxIDLen+1) }), []fc{{"id", CodeTooLong}}},
		{"id at cap", with(func(it *Item) { it.ID = strings.Repeat("é", MaxIDLen) }), nil},
		{"too many skills", with(func(it *Item) { it.Skills = make([]string, MaxSkills+1) }), []fc{{"skills", CodeTooLong}}},
		{"skill too long", with(func(it *Item) { it.Skills = []string{"ok", strings.Repeat("a", MaxSkillLen+1)} }),
			[]fc{{"skills[1]", CodeTooLong}}},
		{"invalid utf-8 stops other checks", with(func(it *Item) { it.Title = "\xff"; it.Kind = "zz" }),
			[]fc{{"title", CodeEncoding}}},
		{"negative price", with(func(it *Item) { it.PriceEUR = ptr(-3) }), []fc{{"price_eur", CodeRange}}},
		{"zero price is fine", with(func(it *Item) { it.PriceEUR = ptr(0) }), nil},
		{"infinite price", with(func(it *Item) { it.PriceEUR = ptr(math.Inf(1)) }), []fc{{"price_eur", CodeRange}}},
		{"price at cap", with(func(it *Item) { it.PriceEUR = ptr(1_000_000) }), nil},
		{"huge finite price", with(func(it *Item) { it.PriceEUR = ptr(math.MaxFloat64) }), []fc{{"price_eur", CodeRange}}},
		{"price just above cap", with(func(it *Item) { it.PriceEUR = ptr(1_000_000.01) }), []fc{{"price_eur", CodeRange}}},
		{"duration at cap", with(func(it *Item) { it.DurationHours = ptr(100_000) }), nil},
		{"huge finite duration", with(func(it *Item) { it.DurationHours = ptr(1.797e308) }), []fc{{"duration_hours", CodeRange}}},
		{"infinite duration reported once", with(func(it *Item) { it.DurationHours = ptr(math.Inf(1)) }), []fc{{"duration_hours", CodeRange}}},
		{"zero duration", with(func(it *Item) { it.DurationHours = ptr(0) }), []fc{{"duration_hours", CodeRange}}},
		{"NaN duration", with(func(it *Item) { it.DurationHours = ptr(math.NaN()) }), []fc{{"duration_hours", CodeRange}}},
		{"bad modality", with(func(it *Item) { it.Modality = "mixte" }), []fc{{"modality", CodeEnum}}},
		{"relative url", with(func(it *Item) { it.URL = "/formations/1" }), []fc{{"url", CodeFormat}}},
		{"javascript url", with(func(it *Item) { it.URL = "javascript:alert(1)" }), []fc{{"url", CodeFormat}}},
		{"http url", with(func(it *Item) { it.URL = "http://intranet.example/f/1" }), nil},
		{"session end before start", with(func(it *Item) {
			it.Sessions = []Session{{Start: day("2026-02-01"), End: day("2026-02-01")}, {Start: day("2026-03-02"), End: day("2026-03-01")}}
		}), []fc{{"sessions[1].end", CodeRange}}},
		{"session without start", with(func(it *Item) { it.Sessions = []Session{{End: day("2026-02-01")}} }),
			[]fc{{"sessions[0].start", CodeRequired}}},
		{"bloc without title", with(func(it *Item) { it.Blocs = []Bloc{{Code: "BC01"}} }), []fc{{"blocs[0].title", CodeRequired}}},
		{"mentoring without mentor", with(func(it *Item) { it.Kind = KindMentoring }), []fc{{"mentor", CodeRequired}}},
		{"mentor rules", with(func(it *Item) {
			it.Kind = KindMentoring
			it.Mentor = &Mentor{Capacity: -1, CurrentMentees: -2}
		}), []fc{{"mentor.name", CodeRequired}, {"mentor.capacity", CodeRange}, {"mentor.current_mentees", CodeRange}}},
		{"mission without mission", with(func(it *Item) { it.Kind = KindMission }), []fc{{"mission", CodeRequired}}},
		{"mission rules", with(func(it *Item) {
			it.Kind = KindMission
			it.Mission = &Mission{StartDate: day("2026-06-01"), EndDate: day("2026-05-31"), TimeSharePct: -1}
		}), []fc{{"mission.time_share_pct", CodeRange}, {"mission.end_date", CodeRange}}},
		{"open-ended mission", with(func(it *Item) {
			it.Kind = KindMission
			it.Mission = &Mission{StartDate: day("2026-06-01"), TimeSharePct: 100}
		}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []fc
			for _, p := range Validate(&tt.item) {
				got = append(got, fc{p.Field, p.Code})
				if p.ID != tt.item.ID || p.Reason == "" {
					t.Errorf("problem %+v: want ID %q and a reason", p, tt.item.ID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateReasons(t *testing.T) {
	it := Item{ID: "x", Kind: KindFormation, Title: "T", PriceEUR: ptr(-3), URL: "ftp://a"}
	huge := Item{ID: "../x", Kind: KindFormation, Title: "T", PriceEUR: ptr(2000000.5), DurationHours: ptr(1e300)}
	var got []string
	for _, p := range append(Validate(&it), Validate(&huge)...) {
		got = append(got, p.Error())
	}
	want := []string{
		"url: doit être une adresse http(s) absolue, reçu « ftp://a »",
		"price_eur: doit être ≥ 0, reçu -3",
		"id: caractère « / » interdit dans un identifiant (interdits : / \\ ? #), reçu « ../x »",
		"price_eur: doit être ≤ 1 000 000 €, reçu 2000000.5",
		"duration_hours: doit être ≤ 100 000 heures, reçu 1e+300",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
