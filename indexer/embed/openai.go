package embed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cenkalti/backoff/v4"
	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/sync/errgroup"
)

// Limits of the OpenAI embeddings endpoint, also the defaults.
const (
	MaxInputsPerRequest = 2048
	MaxTokensPerRequest = 300_000
	MaxTokensPerInput   = 8191
)

// Defaults applied to zero Config fields.
const (
	DefaultBaseURL        = "https://api.openai.com/v1"
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRetries     = 5
	DefaultConcurrency    = 4
)

// maxRetryAfter caps how long a Retry-After header can make one retry wait.
const maxRetryAfter = 5 * time.Minute

// Encoding formats accepted in Config.EncodingFormat.
const (
	EncodingFloat  = "float"
	EncodingBase64 = "base64"
)

// Config configures an OpenAI-compatible embedding client. Zero fields take
// the defaults noted.
type Config struct {
	// APIKey is sent as a bearer token; local servers often need none.
	APIKey string
	// BaseURL is the API root, e.g. "http://localhost:11434/v1" for Ollama.
	// Default DefaultBaseURL.
	BaseURL string
	// Model is the embedding model name (required).
	Model string
	// Dimensions is the size of the vectors the model returns (required);
	// every response is checked against it.
	Dimensions int
	// OmitDimensions leaves "dimensions" out of requests, for models with a
	// fixed size that reject the parameter (text-embedding-ada-002, most
	// local servers).
	OmitDimensions bool
	// EncodingFormat is EncodingFloat (default) or EncodingBase64; base64 is
	// smaller on the wire and carries NaN and infinities faithfully, so they
	// are caught by the check rather than by the JSON decoder.
	EncodingFormat string
	// RequestTimeout bounds each HTTP request, body included. Default 60 s.
	RequestTimeout time.Duration
	// MaxRetries is the number of retries after the first attempt of a
	// batch. Default DefaultMaxRetries; negative means no retry.
	MaxRetries int
	// Concurrency bounds the requests in flight. Default DefaultConcurrency.
	Concurrency int
	// MaxInputsPerRequest bounds the texts per request (≤ 2,048, the default).
	MaxInputsPerRequest int
	// MaxTokensPerRequest bounds the estimated tokens per request
	// (≤ 300,000, the default); see EstimateTokens.
	MaxTokensPerRequest int
	// MaxTokensPerInput truncates longer texts (by EstimateTokens, which
	// overestimates) so that one long description cannot get a whole batch
	// refused. Default 8,191, OpenAI's limit; negative disables.
	MaxTokensPerInput int
	// Logger receives request logs (counts, status, latency; never texts).
	// Default discards.
	Logger *slog.Logger
	// HTTPClient sends the requests. Default a client without global
	// timeout (deadlines are per request).
	HTTPClient *http.Client
}

// OpenAI embeds texts through an OpenAI-compatible /embeddings endpoint.
// It is safe for concurrent use.
type OpenAI struct {
	cfg    Config
	client *openai.Client
	log    *slog.Logger
	// sleep waits between attempts; tests replace it to record delays.
	sleep func(ctx context.Context, d time.Duration) error
	// newBackOff returns the jittered exponential schedule of one batch.
	newBackOff func() backoff.BackOff
}

// NewOpenAI checks cfg, applies defaults and returns a client.
func NewOpenAI(cfg Config) (*OpenAI, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = exchangeRecorder{cfg.HTTPClient}
	return &OpenAI{
		cfg:        cfg,
		client:     openai.NewClientWithConfig(oc),
		log:        cfg.Logger,
		sleep:      sleepCtx,
		newBackOff: defaultBackOff,
	}, nil
}

func (c Config) withDefaults() (Config, error) {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("%w: URL de base %q invalide (attendu http(s)://hôte/...)", ErrConfig, c.BaseURL)
	}
	if strings.TrimSpace(c.Model) == "" {
		return c, fmt.Errorf("%w: modèle d'embedding manquant", ErrConfig)
	}
	if c.Dimensions <= 0 {
		return c, fmt.Errorf("%w: dimension des vecteurs manquante ou négative (%d)", ErrConfig, c.Dimensions)
	}
	switch c.EncodingFormat {
	case "":
		c.EncodingFormat = EncodingFloat
	case EncodingFloat, EncodingBase64:
	default:
		return c, fmt.Errorf("%w: format d'encodage %q inconnu (float ou base64)", ErrConfig, c.EncodingFormat)
	}
	if c.RequestTimeout < 0 || c.Concurrency < 0 || c.MaxInputsPerRequest < 0 || c.MaxTokensPerRequest < 0 {
		return c, fmt.Errorf("%w: délai, concurrence et tailles de lot doivent être positifs", ErrConfig)
	}
	if c.MaxInputsPerRequest > MaxInputsPerRequest || c.MaxTokensPerRequest > MaxTokensPerRequest {
		return c, fmt.Errorf("%w: au plus %d textes et %d tokens par requête", ErrConfig, MaxInputsPerRequest, MaxTokensPerRequest)
	}
	c.RequestTimeout = orDefault(c.RequestTimeout, DefaultRequestTimeout)
	c.Concurrency = orDefault(c.Concurrency, DefaultConcurrency)
	c.MaxInputsPerRequest = orDefault(c.MaxInputsPerRequest, MaxInputsPerRequest)
	c.MaxTokensPerRequest = orDefault(c.MaxTokensPerRequest, MaxTokensPerRequest)
	c.MaxTokensPerInput = orDefault(c.MaxTokensPerInput, MaxTokensPerInput)
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = DefaultMaxRetries
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Model returns the configured model name.
func (o *OpenAI) Model() string { return o.cfg.Model }

// Dimensions returns the configured vector size.
func (o *OpenAI) Dimensions() int { return o.cfg.Dimensions }

// Embed returns one checked vector per text, in order. Texts are sent in
// batches, at most Concurrency at a time; the first batch that fails for good
// cancels the others and its error is returned. Empty texts are refused.
func (o *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("texte n° %d: %w", i+1, ErrEmptyText)
		}
	}
	texts = o.truncate(ctx, texts)
	out := make([][]float32, len(texts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.cfg.Concurrency)
	for _, b := range Batches(texts, o.cfg.MaxInputsPerRequest, o.cfg.MaxTokensPerRequest) {
		g.Go(func() error {
			vecs, err := o.embedBatch(gctx, texts[b.Start:b.End])
			if err != nil {
				return fmt.Errorf("embedding des textes %d à %d (modèle %s): %w", b.Start+1, b.End, o.cfg.Model, err)
			}
			copy(out[b.Start:b.End], vecs)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// truncate returns texts with those above MaxTokensPerInput cut at a rune
// boundary; texts itself is not modified.
func (o *OpenAI) truncate(ctx context.Context, texts []string) []string {
	limit := 3 * o.cfg.MaxTokensPerInput // bytes, the inverse of EstimateTokens
	if o.cfg.MaxTokensPerInput <= 0 {
		return texts
	}
	var out []string
	for i, t := range texts {
		if len(t) <= limit {
			continue
		}
		if out == nil {
			out = slices.Clone(texts)
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		out[i] = t[:cut]
	}
	if out == nil {
		return texts
	}
	o.log.InfoContext(ctx, "long embedding inputs truncated", "model", o.cfg.Model, "max_tokens_per_input", o.cfg.MaxTokensPerInput)
	return out
}

// request sends one batch once, under its own deadline, and checks the response.
func (o *OpenAI) request(ctx context.Context, texts []string) ([][]float32, *exchange, error) {
	ctx, cancel := context.WithTimeout(ctx, o.cfg.RequestTimeout)
	defer cancel()
	ex := &exchange{}
	ctx = context.WithValue(ctx, exchangeKey{}, ex)
	req := openai.EmbeddingRequestStrings{
		Input:          texts,
		Model:          openai.EmbeddingModel(o.cfg.Model),
		EncodingFormat: openai.EmbeddingEncodingFormat(o.cfg.EncodingFormat),
	}
	if !o.cfg.OmitDimensions {
		req.Dimensions = o.cfg.Dimensions
	}
	resp, err := o.client.CreateEmbeddings(ctx, req)
	if err != nil && undecodable(err) {
		err = fmt.Errorf("%w: réponse illisible: %w", ErrBadResponse, err)
	}
	if err != nil {
		return nil, ex, err
	}
	vecs, err := check(resp.Data, len(texts), o.cfg.Dimensions)
	return vecs, ex, err
}
