package main

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/eval"
)

// remoteRecommendTimeout bounds each request to the server.
const remoteRecommendTimeout = 30 * time.Second

// runRecommendRemote asks a running server for the recommendation of req
// (tremplin recommend --url) and prints its answer as runRecommend does:
// the way to ask beside serve, which holds its data directory, and to see
// what the server itself answers.
func runRecommendRemote(ctx context.Context, e *env, base, key string, req recommender.Request, asJSON bool) error {
	if key == "" {
		key = e.getenv("TREMPLIN_API_KEY")
	}
	client := &http.Client{Timeout: remoteRecommendTimeout}
	resp, err := eval.PostRecommend(ctx, client, base, key, req)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	facts, err := suggestionFacts(ctx, remoteItems{client: client, base: base, key: key}, resp)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	return writeResponse(e.stdout, resp, facts, req.Explain)
}

// remoteItems reads catalog items from a running server.
type remoteItems struct {
	client    *http.Client
	base, key string
}

// Item returns the item id as the server stores it.
func (r remoteItems) Item(ctx context.Context, id string) (catalog.Item, error) {
	return eval.GetItem(ctx, r.client, r.base, r.key, id)
}
