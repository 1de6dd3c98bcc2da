package recommender

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// listText is a text index that returns a fixed ranking, filtered.
type listText struct {
	ids   []string
	items itemMap
}

func (l listText) Search(_ context.Context, _ catalog.TextQuery, f catalog.Filter, k int) ([]catalog.Scored, error) {
	var out []catalog.Scored
	for i, id := range l.ids {
		if it, ok := l.items[id]; ok && !f.Match(&it) {
			continue
		}
		out = append(out, catalog.Scored{ID: id, Score: float64(len(l.ids) - i)})
	}
	return out[:min(k, len(out))], nil
}

// itemMap is an item source over a map.
type itemMap map[string]catalog.Item

func (m itemMap) Item(_ context.Context, id string) (catalog.Item, error) {
	it, ok := m[id]
	if !ok {
		return catalog.Item{}, fmt.Errorf("item %s: %w", id, catalog.ErrNotFound)
	}
	return it, nil
}

// TestRecommendShape checks grouping by kind in catalog order, the limit
// per kind, the relevance floor and items missing from the source.
func TestRecommendShape(t *testing.T) {
	items := itemMap{}
	var ids []string
	add := func(id string, k catalog.Kind) {
		it := catalog.Item{ID: id, Kind: k, Title: id, Active: true}
		if k == catalog.KindMentoring {
			it.Mentor = &catalog.Mentor{Name: id, Capacity: 1}
		}
		items[id] = it
		ids = append(ids, id)
	}
	add("mission-top", catalog.KindMission)
	ids = append(ids, "gone") // ranked but no longer in the source
	for i := range 88 {
		add(fmt.Sprintf("form-%02d", i), catalog.KindFormation)
	}
	add("mentor-near", catalog.KindMentoring) // rank 91: 1/121 ≥ ¼ of 1/31
	for i := range 8 {
		add(fmt.Sprintf("cert-%d", i), catalog.KindCertification)
	}
	add("mentor-far", catalog.KindMentoring) // rank 100: 1/130 < ¼ of 1/31
	r := New(Deps{Text: listText{ids: ids, items: items}, Items: items, Confidence: FusedOrderModels()})
	resp, err := r.Recommend(t.Context(), Request{Projet: "peu importe", PerKind: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[catalog.Kind][]string)
	var order []catalog.Kind
	for _, ks := range resp.Suggestions {
		order = append(order, ks.Kind)
		for _, s := range ks.Items {
			got[ks.Kind] = append(got[ks.Kind], s.ID)
		}
	}
	want := map[catalog.Kind][]string{
		catalog.KindFormation:     {"form-00", "form-01"},
		catalog.KindCertification: {"cert-0", "cert-1"},
		catalog.KindMentoring:     {"mentor-near"},
		catalog.KindMission:       {"mission-top"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(catalog.Kinds, order); diff != "" {
		t.Errorf("kind order (-want +got):\n%s", diff)
	}
}

func TestRecommendErrors(t *testing.T) {
	items := itemMap{}
	if _, err := New(Deps{Text: listText{}}).Recommend(t.Context(), Request{Projet: "x"}); err != ErrNoItems {
		t.Errorf("without items: err = %v, want ErrNoItems", err)
	}
	_, err := New(Deps{Text: listText{}, Items: items}).Recommend(t.Context(), Request{Projet: "  "})
	if err == nil {
		t.Error("blank projet: no error")
	}
	resp, err := New(Deps{Text: listText{}, Items: items}).Recommend(t.Context(), Request{Projet: "rien"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Suggestions == nil || resp.Plan.Actions == nil || resp.Plan.Uncovered == nil {
		t.Errorf("empty answer has nil lists: %+v", resp)
	}
}
