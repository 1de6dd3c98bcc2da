package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"

	"golang.org/x/time/rate"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// RecommendPath is the route of recommendations under a server's base URL.
const RecommendPath = "/api/v1/recommendations"

// remoteRate paces requests under the server's per-caller limit (50/s,
// burst 100), so that a long run never meets a 429.
const remoteRate = 40

// maxResponseBytes bounds the body read from the server.
const maxResponseBytes = 16 << 20

// Remote returns the served ranking as a running server answers it: each
// query's Request is POSTed as JSON to base + RecommendPath, with key as a
// Bearer token when not empty, and the answer is read by ServedIDs.
// Requests are sequential and paced (the pacing is not timed); the latency
// is the client's, network and JSON included. A non-2xx answer is an error
// with its status and the server's message.
func Remote(client *http.Client, base, key string) Ranker {
	url := strings.TrimRight(base, "/") + RecommendPath
	lim := rate.NewLimiter(remoteRate, 1)
	return Ranker{Name: "served", Wait: lim.Wait, Rank: func(ctx context.Context, q Query) ([]string, error) {
		resp, err := postRecommend(ctx, client, url, key, q.Request())
		if err != nil {
			return nil, err
		}
		return ServedIDs(resp, K), nil
	}}
}

// PostRecommend asks the server at base for the recommendation of req
// (POST base + RecommendPath, key as a Bearer token when not empty) and
// returns its answer; a non-2xx answer is an error, in French, with its
// status and the server's message.
func PostRecommend(ctx context.Context, client *http.Client, base, key string, req recommender.Request) (recommender.Response, error) {
	return postRecommend(ctx, client, strings.TrimRight(base, "/")+RecommendPath, key, req)
}

func postRecommend(ctx context.Context, client *http.Client, url, key string, req recommender.Request) (recommender.Response, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return recommender.Response{}, err
	}
	var resp recommender.Response
	err = call(ctx, client, http.MethodPost, url, key, bytes.NewReader(body), &resp)
	return resp, err
}

// GetItem reads the item id from the server at base (GET
// base/api/v1/items/{id}), with errors as PostRecommend's.
func GetItem(ctx context.Context, client *http.Client, base, key, id string) (catalog.Item, error) {
	var it catalog.Item
	err := call(ctx, client, http.MethodGet, strings.TrimRight(base, "/")+"/api/v1/items/"+neturl.PathEscape(id), key, nil, &it)
	return it, err
}

// call sends one JSON request (body nil for none) and decodes the 2xx
// answer into out; an error says in French what went wrong, with the
// server's message for a non-2xx answer.
func call(ctx context.Context, client *http.Client, method, url, key string, body io.Reader, out any) error {
	hreq, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return fmt.Errorf("requête vers %s : %w", url, err)
	}
	hreq.Header.Set("Accept", "application/json")
	if body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		hreq.Header.Set("Authorization", "Bearer "+key)
	}
	hresp, err := client.Do(hreq)
	if err != nil {
		return fmt.Errorf("%s %s : serveur injoignable : %w", method, url, err)
	}
	defer hresp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("%s %s : lecture de la réponse : %w", method, url, err)
	}
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		return fmt.Errorf("%s %s : le serveur a répondu avec le statut HTTP %d%s", method, url, hresp.StatusCode, serverMessage(b))
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s : réponse JSON invalide : %w", method, url, err)
	}
	return nil
}

// serverMessage returns " : <message>" from an API error body, or "".
func serverMessage(body []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return ""
	}
	return " : " + e.Error.Message
}
