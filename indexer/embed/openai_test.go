package embed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testDims = 8

// newTestClient returns a client of srv whose waits between attempts are
// recorded instead of slept.
func newTestClient(t *testing.T, srv *fakeOpenAI, cfg Config) (*OpenAI, *[]time.Duration) {
	t.Helper()
	cfg.BaseURL = srv.url()
	cfg.Model = "text-embedding-3-small"
	cfg.Dimensions = srv.dims
	o, err := NewOpenAI(cfg)
	if err != nil {
		t.Fatalf("NewOpenAI: %v", err)
	}
	var mu sync.Mutex
	var delays []time.Duration
	o.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		delays = append(delays, d)
		return ctx.Err()
	}
	return o, &delays
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Développeuse web n° %d, compétences : Go, SQL, accessibilité.", i)
	}
	return out
}

func wantVectors(ts []string, dims int) [][]float32 {
	out := make([][]float32, len(ts))
	for i, s := range ts {
		out[i] = fakeVector(s, dims)
	}
	return out
}

func TestOpenAIBatching(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		maxInputs int
		maxTokens int
		wantCalls int
	}{
		{name: "5000 inputs, default limits", n: 5000, wantCalls: 3},
		{name: "input limit", n: 10, maxInputs: 3, wantCalls: 4},
		{name: "token limit", n: 10, maxTokens: 50, wantCalls: 5},
		{name: "one input", n: 1, wantCalls: 1},
		{name: "no input", n: 0, wantCalls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, testDims, nil)
			o, _ := newTestClient(t, srv, Config{MaxInputsPerRequest: tt.maxInputs, MaxTokensPerRequest: tt.maxTokens, Concurrency: 2})
			in := texts(tt.n)
			got, err := o.Embed(t.Context(), in)
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if diff := cmp.Diff(wantVectors(in, testDims), got); diff != "" {
				t.Errorf("vectors (-want +got):\n%s", diff)
			}
			calls, inputs := srv.counts()
			if calls != tt.wantCalls || inputs != tt.n {
				t.Errorf("server saw %d calls and %d inputs, want %d and %d", calls, inputs, tt.wantCalls, tt.n)
			}
		})
	}
}

// onCalls applies f on the listed calls (all calls when none is listed).
func onCalls(f fault, calls ...int) func(int) fault {
	return func(call int) fault {
		if len(calls) == 0 {
			return f
		}
		for _, c := range calls {
			if c == call {
				return f
			}
		}
		return fault{}
	}
}

type faultCase struct {
	name         string
	encoding     string
	fault        func(int) fault
	wantErr      error
	wantCalls    int
	wantMinDelay time.Duration // the first recorded wait must be at least this
	timeout      time.Duration // RequestTimeout; default 10 s
}

// faultCases run with MaxRetries 3 (4 calls at most).
func faultCases() []faultCase {
	retryDate := time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	return []faultCase{
		{name: "429 with Retry-After seconds", fault: onCalls(fault{status: 429, header: map[string]string{"Retry-After": "7"}}, 1), wantCalls: 2, wantMinDelay: 7 * time.Second},
		{name: "429 with Retry-After date", fault: onCalls(fault{status: 429, header: map[string]string{"Retry-After": retryDate}}, 1), wantCalls: 2, wantMinDelay: 28 * time.Second},
		{name: "429 with retry-after-ms", fault: onCalls(fault{status: 429, notJSONErr: true, header: map[string]string{"Retry-After-Ms": "4500"}}, 1), wantCalls: 2, wantMinDelay: 4500 * time.Millisecond},
		{name: "500 then success", fault: onCalls(fault{status: 500}, 1, 2), wantCalls: 3},
		{name: "503 plain text then success", fault: onCalls(fault{status: 503, notJSONErr: true}, 1), wantCalls: 2},
		{name: "500 always", fault: onCalls(fault{status: 500}), wantErr: ErrUnavailable, wantCalls: 4},
		{name: "connection closed", fault: onCalls(fault{hangup: true}, 1, 2), wantCalls: 3},
		{name: "stalled response", fault: onCalls(fault{stall: 30 * time.Second}, 1), timeout: time.Second, wantCalls: 2},
		{name: "wrong dimension once", fault: onCalls(fault{wrongDim: true}, 1), wantCalls: 2},
		{name: "wrong dimension always", fault: onCalls(fault{wrongDim: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "fewer vectors than inputs", fault: onCalls(fault{fewer: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "repeated index", fault: onCalls(fault{dupIndex: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "NaN in JSON", fault: onCalls(fault{nan: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "NaN in base64", encoding: EncodingBase64, fault: onCalls(fault{nan: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "Inf in base64", encoding: EncodingBase64, fault: onCalls(fault{inf: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "NaN once in base64", encoding: EncodingBase64, fault: onCalls(fault{nan: true}, 1), wantCalls: 2},
		{name: "zero vector", fault: onCalls(fault{zero: true}), wantErr: ErrBadResponse, wantCalls: 4},
		{name: "401 fails fast", fault: onCalls(fault{status: 401}), wantErr: ErrRejected, wantCalls: 1},
		{name: "400 fails fast", fault: onCalls(fault{status: 400, notJSONErr: true}), wantErr: ErrRejected, wantCalls: 1},
		{name: "404 fails fast", fault: onCalls(fault{status: 404}), wantErr: ErrRejected, wantCalls: 1},
	}
}

func TestOpenAIFaults(t *testing.T) {
	for _, tt := range faultCases() {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, testDims, tt.fault)
			o, delays := newTestClient(t, srv, Config{MaxRetries: 3, RequestTimeout: orDefault(tt.timeout, 10*time.Second), EncodingFormat: tt.encoding})
			in := texts(3)
			got, err := o.Embed(t.Context(), in)
			if !errors.Is(err, tt.wantErr) || (err != nil && tt.wantErr == nil) {
				t.Fatalf("Embed error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && got != nil {
				t.Errorf("Embed returned vectors with an error: %v", got)
			}
			if tt.wantErr == nil {
				if diff := cmp.Diff(wantVectors(in, testDims), got); diff != "" {
					t.Errorf("vectors (-want +got):\n%s", diff)
				}
			}
			if calls, _ := srv.counts(); calls != tt.wantCalls {
				t.Errorf("server saw %d calls, want %d", calls, tt.wantCalls)
			}
			if tt.wantMinDelay > 0 && (len(*delays) == 0 || (*delays)[0] < tt.wantMinDelay) {
				t.Errorf("waits %v, want a first wait ≥ %v", *delays, tt.wantMinDelay)
			}
		})
	}
}

// TestOpenAIRetryAfterWaits checks with the real clock that a 429 makes the
// client wait at least the Retry-After delay.
func TestOpenAIRetryAfterWaits(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, onCalls(fault{status: 429, header: map[string]string{"Retry-After": "1"}}, 1))
	o, err := NewOpenAI(Config{BaseURL: srv.url(), Model: "m", Dimensions: testDims})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := o.Embed(t.Context(), texts(2)); err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("Embed returned after %v, want ≥ 1s (Retry-After: 1)", elapsed)
	}
}

func TestOpenAICancelStopsRetries(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, onCalls(fault{status: 500}))
	o, err := NewOpenAI(Config{BaseURL: srv.url(), Model: "m", Dimensions: testDims, MaxRetries: 100})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err = o.Embed(ctx, texts(2))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Embed error = %v, want context.DeadlineExceeded", err)
	}
}

func TestOpenAIRefusesEmptyText(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, nil)
	o, _ := newTestClient(t, srv, Config{})
	_, err := o.Embed(t.Context(), []string{"ok", "  "})
	if !errors.Is(err, ErrEmptyText) {
		t.Errorf("Embed error = %v, want ErrEmptyText", err)
	}
	if calls, _ := srv.counts(); calls != 0 {
		t.Errorf("server saw %d calls, want 0", calls)
	}
}

func TestOpenAINeverLogsTexts(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, onCalls(fault{status: 500}, 1))
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	o, _ := newTestClient(t, srv, Config{Logger: log})
	in := []string{"Je veux devenir boulangère à Lyon", "secret-projet-42"}
	if _, err := o.Embed(t.Context(), in); err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if !strings.Contains(buf.String(), "retrying") {
		t.Errorf("log has no retry line:\n%s", buf.String())
	}
	for _, s := range in {
		if strings.Contains(buf.String(), s) || strings.Contains(buf.String(), "secret") {
			t.Errorf("log contains an input text:\n%s", buf.String())
		}
	}
}

func TestNewOpenAIConfig(t *testing.T) {
	ok := Config{Model: "m", Dimensions: 3}
	tests := []struct {
		name   string
		change func(*Config)
	}{
		{"no model", func(c *Config) { c.Model = "" }},
		{"no dimensions", func(c *Config) { c.Dimensions = 0 }},
		{"bad URL", func(c *Config) { c.BaseURL = "localhost:11434" }},
		{"bad encoding", func(c *Config) { c.EncodingFormat = "int8" }},
		{"too many inputs", func(c *Config) { c.MaxInputsPerRequest = 2049 }},
		{"too many tokens", func(c *Config) { c.MaxTokensPerRequest = 300_001 }},
		{"negative timeout", func(c *Config) { c.RequestTimeout = -time.Second }},
	}
	if _, err := NewOpenAI(ok); err != nil {
		t.Fatalf("NewOpenAI(%+v): %v", ok, err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			if _, err := NewOpenAI(c); !errors.Is(err, ErrConfig) {
				t.Errorf("NewOpenAI error = %v, want ErrConfig", err)
			}
		})
	}
}

func TestBatches(t *testing.T) {
	tests := []struct {
		name      string
		lens      []int
		maxInputs int
		maxTokens int
		want      []Batch
	}{
		{"empty", nil, 2, 10, nil},
		{"by count", []int{3, 3, 3, 3, 3}, 2, 100, []Batch{{0, 2}, {2, 4}, {4, 5}}},
		{"by tokens", []int{9, 9, 9, 9}, 10, 6, []Batch{{0, 2}, {2, 4}}},
		{"oversized text alone", []int{3, 60, 3}, 10, 5, []Batch{{0, 1}, {1, 2}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := make([]string, len(tt.lens))
			for i, n := range tt.lens {
				ts[i] = strings.Repeat("a", n)
			}
			if diff := cmp.Diff(tt.want, Batches(ts, tt.maxInputs, tt.maxTokens)); diff != "" {
				t.Errorf("Batches (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"absent", nil, 0},
		{"seconds", map[string]string{"Retry-After": "12"}, 12 * time.Second},
		{"fraction", map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{"date", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second},
		{"past date", map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0},
		{"milliseconds win", map[string]string{"Retry-After": "3", "Retry-After-Ms": "250"}, 250 * time.Millisecond},
		{"garbage", map[string]string{"Retry-After": "soon"}, 0},
		{"negative", map[string]string{"Retry-After": "-4"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := parseRetryAfter(h, now); got != tt.want {
				t.Errorf("parseRetryAfter(%v) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "1", "0.25", "Wed, 21 Oct 2015 07:28:00 GMT", "1e308", "NaN", "-1"} {
		f.Add(s, s)
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, ra, ms string) {
		h := http.Header{}
		h.Set("Retry-After", ra)
		h.Set("Retry-After-Ms", ms)
		if d := parseRetryAfter(h, now); d < 0 {
			t.Errorf("parseRetryAfter(%q, %q) = %v < 0", ra, ms, d)
		}
	})
}

func TestProbeDimensions(t *testing.T) {
	tests := []struct {
		name    string
		fault   func(int) fault
		want    int
		wantErr error
	}{
		{name: "native size", want: 24},
		{name: "rejected", fault: onCalls(fault{status: 401}), wantErr: ErrRejected},
		{name: "unavailable", fault: onCalls(fault{status: 503}), wantErr: ErrUnavailable},
		{name: "zero vector", fault: onCalls(fault{zero: true}), wantErr: ErrBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, 24, tt.fault)
			got, err := ProbeDimensions(t.Context(), Config{BaseURL: srv.url(), Model: "nomic-embed-text", Dimensions: 5})
			if !errors.Is(err, tt.wantErr) || (err != nil && tt.wantErr == nil) {
				t.Fatalf("ProbeDimensions error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ProbeDimensions = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestOpenAITruncatesLongInputs(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, nil)
	o, _ := newTestClient(t, srv, Config{MaxTokensPerInput: 101})
	long := strings.Repeat("é", 1000) // 2,000 bytes
	in := []string{"court", long}
	got, err := o.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	seen := slices.Clone(srv.seen)
	srv.mu.Unlock()
	want := []string{"court", strings.Repeat("é", 151)} // 303 bytes cut to a rune boundary
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("server inputs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantVectors(want, testDims), got); diff != "" {
		t.Errorf("vectors (-want +got):\n%s", diff)
	}
	if in[1] != long {
		t.Error("Embed modified its input slice")
	}
}
