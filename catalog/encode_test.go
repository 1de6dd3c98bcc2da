package catalog

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

// roundTrip encodes items in f and decodes them back.
func roundTrip(t *testing.T, items []Item, f Format) ([]Item, []Problem) {
	t.Helper()
	var buf bytes.Buffer
	lost, err := Encode(&buf, items, f)
	if err != nil {
		t.Fatalf("Encode %s: %v", f, err)
	}
	got, problems, err := Decode(&buf, "out."+string(f), f)
	if err != nil {
		t.Fatalf("Decode %s: %v", f, err)
	}
	if len(problems) > 0 {
		t.Fatalf("decoding what Encode %s wrote gives problems: %v\n%s", f, problems, buf.String())
	}
	return got, lost
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, f := range []Format{FormatJSONL, FormatJSON, FormatYAML, FormatCSV} {
		t.Run(string(f), func(t *testing.T) {
			want := validItems()
			tricky := Item{ID: "t-1", Kind: KindFormation, Title: "true", Level: "12", Language: "null",
				Description: "ligne 1\n« ligne 2 », \"citée\"", Skills: []string{"0x1F", "2026-01-01", "- tiret"},
				PriceEUR: ptr(0), DurationHours: ptr(0.5), Active: true, Metiers: []string{"M1805"}}
			want = append(want, tricky)
			got, lost := roundTrip(t, want, f)
			if f == FormatCSV {
				want[0].Sessions, want[1].Blocs = nil, nil
				if len(lost) != 2 || lost[0].Field != "sessions" || lost[1].Field != "blocs" {
					t.Errorf("CSV losses = %v, want sessions and blocs", lost)
				}
			} else if len(lost) > 0 {
				t.Errorf("losses = %v, want none", lost)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncodeCSVListWithSemicolon(t *testing.T) {
	items := []Item{{ID: "a", Kind: KindFormation, Title: "A", Tags: []string{"x;y"}, Active: true}}
	var buf bytes.Buffer
	lost, err := Encode(&buf, items, FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{Field: "tags", ID: "a", Code: CodeUnreadable,
		Reason: "une entrée contient « ; », qui sépare les entrées en CSV : elle sera coupée"}}
	if diff := cmp.Diff(want, lost); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEncodeRNCPRoundTrip(t *testing.T) {
	items, _, err := LoadFiles(sharedtest.Path(t, "eval/catalog-rncp.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{FormatJSON, FormatYAML, FormatCSV} {
		t.Run(string(f), func(t *testing.T) {
			got, lost := roundTrip(t, items, f)
			if len(got) != len(items) {
				t.Fatalf("%d items after the round trip, want %d", len(got), len(items))
			}
			lostIDs := map[string]bool{}
			for _, p := range lost {
				lostIDs[p.ID] = true
			}
			for i := range items {
				if lostIDs[items[i].ID] {
					continue // reported as not representable (skills with ";" in CSV)
				}
				if diff := cmp.Diff(items[i], got[i]); diff != "" {
					t.Errorf("round trip (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestEncodeGolden(t *testing.T) {
	// The YAML written for the testdata catalog must stay readable: block
	// style, no quotes where none are needed.
	var buf bytes.Buffer
	if _, err := Encode(&buf, validItems()[2:3], FormatYAML); err != nil {
		t.Fatal(err)
	}
	want := `- id: M-0042
  kind: mentoring
  title: Mentorat en contrôle de gestion
  skills:
    - contrôle de gestion
    - budget
  mentor:
    name: Élodie Martin
    job_title: Contrôleuse de gestion senior
    department: Finance
    capacity: 3
    current_mentees: 1
    languages:
      - fr
      - en
  active: true
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
