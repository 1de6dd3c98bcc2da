package recommender

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/catalog"
)

func TestFuse(t *testing.T) {
	l := Lists{
		Text:   []catalog.Scored{{ID: "a", Score: 9}, {ID: "b", Score: 5}},
		Vector: []catalog.Scored{{ID: "b", Score: 0.9}, {ID: "c", Score: 0.8}},
		Metier: []catalog.Scored{{ID: "d", Score: 2}},
	}
	tests := []struct {
		name string
		f    fusion
		want []catalog.Scored
	}{
		{"rrf", fusion{method: fuseRRF, k: 10, text: 1, vector: 0.5, metier: 1}, []catalog.Scored{
			{ID: "b", Score: 1.0/12 + 0.5/11}, {ID: "a", Score: 1.0 / 11}, {ID: "d", Score: 1.0 / 11}, {ID: "c", Score: 0.5 / 12},
		}},
		{"sum", fusion{method: fuseSum, text: 1, vector: 1, metier: 0.5}, []catalog.Scored{
			{ID: "b", Score: 5.0/9 + 1}, {ID: "a", Score: 1}, {ID: "c", Score: 0.8 / 0.9}, {ID: "d", Score: 0.5},
		}},
		{"vector off", fusion{method: fuseRRF, k: 10, text: 1, metier: 1}, []catalog.Scored{
			{ID: "a", Score: 1.0 / 11}, {ID: "d", Score: 1.0 / 11}, {ID: "b", Score: 1.0 / 12},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f.fuse(l)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("fuse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFuseEmpty(t *testing.T) {
	if got := defaultFusion.fuse(Lists{}); len(got) != 0 {
		t.Errorf("fuse of no lists = %v, want empty", got)
	}
}

func TestFuseTiesShareRank(t *testing.T) {
	l := Lists{
		Text:   []catalog.Scored{{ID: "x", Score: 3}},
		Metier: []catalog.Scored{{ID: "w", Score: 1}, {ID: "x", Score: 1}, {ID: "z", Score: 0.5}},
	}
	f := fusion{method: fuseRRF, k: 10, text: 1, metier: 1}
	want := []catalog.Scored{{ID: "x", Score: 2.0 / 11}, {ID: "w", Score: 1.0 / 11}, {ID: "z", Score: 1.0 / 13}}
	if diff := cmp.Diff(want, f.fuse(l), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("fuse mismatch (-want +got):\n%s", diff)
	}
}
