package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v4"
	openai "github.com/sashabaranov/go-openai"
)

// exchange records what go-openai does not expose on errors: the HTTP status
// and the Retry-After hint of the response.
type exchange struct {
	mu         sync.Mutex
	status     int
	retryAfter time.Duration
}

func (e *exchange) get() (int, time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.status, e.retryAfter
}

type exchangeKey struct{}

// exchangeRecorder is the go-openai HTTP doer: it sends through the real
// client and notes status and Retry-After in the request's exchange.
type exchangeRecorder struct{ c *http.Client }

// Do sends req and records the response metadata.
func (r exchangeRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.c.Do(req)
	if ex, ok := req.Context().Value(exchangeKey{}).(*exchange); ok && resp != nil {
		ex.mu.Lock()
		ex.status = resp.StatusCode
		ex.retryAfter = parseRetryAfter(resp.Header, time.Now())
		ex.mu.Unlock()
	}
	return resp, err
}

// parseRetryAfter reads retry-after-ms (Azure) or Retry-After in seconds or
// as an HTTP date; it returns 0 when absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After-Ms")), 64); err == nil && ms > 0 && ms < 1e9 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if !(s > 0 && s <= 1e6) { // also rejects NaN
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func defaultBackOff() backoff.BackOff {
	return backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(500*time.Millisecond),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.5),
		backoff.WithMaxInterval(30*time.Second),
		backoff.WithMaxElapsedTime(0),
	)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// embedBatch sends one batch until it gets a good response, the error is
// permanent, retries run out or ctx ends. It logs the attempts it retries;
// the final failure is returned, not logged (the caller reports it).
func (o *OpenAI) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	bo := o.newBackOff()
	for attempt := 1; ; attempt++ {
		start := time.Now()
		vecs, ex, err := o.request(ctx, texts)
		status, retryAfter := ex.get()
		attrs := []any{"model", o.cfg.Model, "inputs", len(texts), "attempt", attempt,
			"status", status, "latency_ms", time.Since(start).Milliseconds()}
		if err == nil {
			o.log.DebugContext(ctx, "embedding request done", attrs...)
			return vecs, nil
		}
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		retryable, kind := classify(err, status)
		if !retryable {
			return nil, fmt.Errorf("%w (HTTP %d): %w", ErrRejected, status, err)
		}
		if attempt > o.cfg.MaxRetries {
			if errors.Is(err, ErrBadResponse) {
				return nil, fmt.Errorf("après %d tentatives: %w", attempt, err)
			}
			return nil, fmt.Errorf("%w après %d tentatives: %w", ErrUnavailable, attempt, err)
		}
		delay := bo.NextBackOff()
		if retryAfter > delay {
			delay = min(retryAfter, maxRetryAfter)
		}
		o.log.WarnContext(ctx, "embedding request failed, retrying", append(attrs, "error_kind", kind,
			"retry_after_ms", retryAfter.Milliseconds(), "delay_ms", delay.Milliseconds())...)
		if err := o.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// classify tells whether err is worth retrying, with a short kind for logs
// (never the server's message, which might quote an input).
func classify(err error, status int) (retryable bool, kind string) {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	case errors.Is(err, ErrBadResponse):
		return true, "bad_response"
	case errors.Is(err, context.DeadlineExceeded):
		return true, "timeout"
	}
	if status >= 400 {
		switch {
		case status == http.StatusTooManyRequests:
			return true, "rate_limited"
		case status == http.StatusRequestTimeout || status == http.StatusConflict || status == http.StatusTooEarly:
			return true, "http_" + strconv.Itoa(status)
		case status >= 500:
			return true, "server_error"
		default:
			return false, "http_" + strconv.Itoa(status)
		}
	}
	return true, "network"
}

// undecodable reports a response body that is not the JSON expected.
func undecodable(err error) bool {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	return errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF)
}
